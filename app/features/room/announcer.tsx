import { useEffect, useRef, useState } from 'react';

/** Words to say once; a new `id` is said even when the words are the same as before ("Your turn"). */
export interface Announcement {
  id: string;
  text: string;
}

/**
 * One polite live region for the room: turn changes, the floor and a timer's end are read out once,
 * after whatever the person is hearing, never interrupting. The region is always in the page (a
 * region added together with its text is often not read). Of the announcements given, any not said
 * before is said; the last of them wins.
 */
export function Announcer({ messages }: { messages: Array<Announcement | null> }) {
  const [shown, setShown] = useState('');
  const said = useRef(new Set<string>());
  const ids = messages.map((m) => m?.id ?? '').join(' ');
  useEffect(() => {
    const fresh = messages.filter((m): m is Announcement => m !== null && !said.current.has(m.id));
    const next = fresh.at(-1);
    if (!next) return;
    for (const m of fresh) said.current.add(m.id);
    // Clearing first makes a repeat of the same words be read again.
    const clear = setTimeout(() => setShown(''), 0);
    const say = setTimeout(() => setShown(next.text), 100);
    return () => {
      clearTimeout(clear);
      clearTimeout(say);
    };
    // The ids say what is new; the arrays themselves are new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {shown}
    </div>
  );
}
