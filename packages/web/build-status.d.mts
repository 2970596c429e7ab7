/** Absolute path of the web package. */
export declare const webRoot: string;
/** Absolute path of the production build (packages/web/dist) the server serves. */
export declare const distDir: string;
/** True when dist/index.html is missing or older than any source file. */
export declare function isDistStale(root?: string): boolean;
/** Runs `vite build` in the web package. */
export declare function buildWeb(options?: { quiet?: boolean }): Promise<void>;
