import type en from './catalogs/en.json';

/** A key of the web app's catalog. A key missing from English fails the type check (the build). */
export type MessageKey = keyof typeof en;
