import { describe, expect, it } from 'vitest';
import { DraftSaver, type SaveState } from './autosave.js';

/** A save function whose saves finish when the test says, recording what reached the server in order. */
function slowServer() {
  const started: string[] = [];
  const stored = new Map<string, string>();
  const finish: Array<(ok: boolean) => void> = [];
  const save = (key: string, value: string) => {
    started.push(value);
    return new Promise<void>((resolve, reject) => {
      finish.push((ok) => {
        if (!ok) return reject(new Error('offline'));
        stored.set(key, value);
        resolve();
      });
    });
  };
  return { started, stored, finish, save };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('saving drafts while a clinician types', () => {
  it('never lets an older save land after a newer one of the same draft', async () => {
    const server = slowServer();
    const states: SaveState[] = [];
    const saver = new DraftSaver<string>(server.save, (s) => states.push(s), 60_000);
    saver.change('ana', 'Ana spoke');
    const first = saver.run('ana');
    await tick();
    saver.change('ana', 'Ana spoke about work');
    const second = saver.run('ana');
    await tick();
    // The second save waits for the first: only one is on its way.
    expect(server.started).toEqual(['Ana spoke']);
    server.finish[0]!(true);
    await first;
    await tick();
    expect(server.started).toEqual(['Ana spoke', 'Ana spoke about work']);
    server.finish[1]!(true);
    await second;
    expect(server.stored.get('ana')).toBe('Ana spoke about work');
    expect(states.at(-1)).toBe('saved');
  });

  it('flushes before signing: waits for a save on its way and sends what is still pending', async () => {
    const server = slowServer();
    const saver = new DraftSaver<string>(server.save, () => undefined, 60_000);
    saver.change('ana', 'Ana');
    void saver.run('ana');
    saver.change('ben', 'Ben');
    let flushed = false;
    const flushing = saver.flush().then(() => (flushed = true));
    await tick();
    expect(saver.unsaved).toBe(true);
    // Ben's save finishes first; Ana's is still on its way, so signing must still wait.
    server.finish[1]!(true);
    await tick();
    expect(flushed).toBe(false);
    server.finish[0]!(true);
    await flushing;
    expect(flushed).toBe(true);
    expect(saver.unsaved).toBe(false);
    expect(Object.fromEntries(server.stored)).toEqual({ ana: 'Ana', ben: 'Ben' });
  });

  it('keeps the words of a failed save and sends them with the next try', async () => {
    const server = slowServer();
    const errors: Array<string | null> = [];
    const saver = new DraftSaver<string>(server.save, (_s, e) => errors.push(e), 60_000);
    saver.change('ana', 'Ana');
    const failing = saver.run('ana');
    server.finish[0]!(false);
    await expect(failing).rejects.toThrow('offline');
    expect(errors.at(-1)).toBe('offline');
    expect(saver.unsaved).toBe(true);
    const retry = saver.flush();
    await tick();
    server.finish[1]!(true);
    await retry;
    expect(server.stored.get('ana')).toBe('Ana');
  });
});
