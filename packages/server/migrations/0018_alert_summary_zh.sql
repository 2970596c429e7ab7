-- 0018 alerts: the summary line in Chinese beside the English one (alerts.summary), so that every place that
-- shows an alert's summary can show it in the reader's language. Written by the intake from now on; alerts
-- opened before this migration keep '' here and are shown with their English summary until new signals join.
-- Owned by the alerts feature (src/features/alerts).
ALTER TABLE alerts ADD COLUMN summary_zh text NOT NULL DEFAULT '';
