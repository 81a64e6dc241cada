/**
 * What the build gives the app, React Router and TanStack Query for `react` (decision 0051):
 * Preact's compatibility layer, made to run effects as React does after a click or a key press.
 *
 * React runs the effects of a render caused by a click or a key at once; Preact waits for the next
 * frame. TanStack Query hands a mutation its current function in an effect, so a key typed and
 * then Enter within one frame sent the text without its last characters (a signed addendum lost
 * its full stop). Preact then runs effects right after each render, before the next event.
 */
import { options } from 'preact';

// @ts-expect-error -- preact/compat's types are written as `export =`; its code is an ES module.
export * from 'preact/compat';
export { default } from 'preact/compat';

options.requestAnimationFrame = (flushEffects) => queueMicrotask(flushEffects);
