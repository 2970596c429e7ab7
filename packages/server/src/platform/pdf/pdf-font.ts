/**
 * Chinese text in PDFs (situation reports, quarantine notices): the Noto Sans SC subset shipped in ./fonts (all
 * CJK Unified Ideographs and Extension A, CJK punctuation, full-width forms, Latin, Greek and common signs; see
 * fonts/README.md), read once per process, and `printableText`, which turns text into what the font can print
 * (a character without a glyph prints as 〓 and is counted). pdfkit embeds only the glyphs used and writes a
 * ToUnicode map, so `pdftotext` gives the Chinese back.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, type Font } from 'fontkit';

/** The Noto Sans SC subset every PDF of the application prints with (fonts/README.md). */
export const PDF_FONT_PATH = fileURLToPath(new URL('./fonts/NotoSansSC-Regular-CJK-BMP.otf', import.meta.url));

/** What prints in place of a character the font has no glyph for: 〓, the customary Chinese mark of a missing character. */
export const MISSING_GLYPH = '〓';

let fontBytes: Buffer | undefined;
/** The font's file, read once per process (7 MB; pdfkit parses it per document from these bytes). */
export function pdfFontBytes(): Buffer {
  fontBytes ??= readFileSync(PDF_FONT_PATH);
  return fontBytes;
}

let reportFont: Font | undefined;
/** The font as fontkit reads it (once per process), for its code point coverage. */
function coverageFont(): Font {
  if (!reportFont) {
    const font = create(pdfFontBytes());
    if (!('hasGlyphForCodePoint' in font)) throw new Error(`${PDF_FONT_PATH} is a font collection, expected one font`);
    reportFont = font;
  }
  return reportFont;
}

/** A printer of text for one document: `print(text)` gives the text as the font can print it; `missing()` counts replacements. */
export interface Printable {
  (text: string): string;
  missing(): number;
}

/**
 * Text as the report font can print it. A character with a glyph stays; line breaks and tabs stay (pdfkit breaks
 * lines on them); default-ignorable code points (variation selectors, zero-width joiner and spaces, BOM) and other
 * control characters go, as they print as nothing anyway; every other character is replaced by MISSING_GLYPH and
 * counted. Code points, not UTF-16 units: 𠮷 (U+20BB7) is one 〓.
 */
export function printableText(font: Pick<Font, 'hasGlyphForCodePoint'> = coverageFont()): Printable {
  let missing = 0;
  const known = new Map<number, string>();
  const one = (ch: string): string => {
    const cp = ch.codePointAt(0)!;
    let out = known.get(cp);
    if (out === undefined) {
      if (font.hasGlyphForCodePoint(cp) || ch === '\n' || ch === '\r' || ch === '\t') out = ch;
      else if (/^[\p{Default_Ignorable_Code_Point}\p{Cc}]$/u.test(ch)) out = '';
      else out = MISSING_GLYPH;
      known.set(cp, out);
    }
    if (out === MISSING_GLYPH && ch !== MISSING_GLYPH) missing++;
    return out;
  };
  const print = ((text: string) => {
    let out = '';
    for (const ch of text) out += one(ch);
    return out;
  }) as Printable;
  print.missing = () => missing;
  return print;
}
