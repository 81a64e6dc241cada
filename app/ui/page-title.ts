import { useEffect } from 'react';

/** Sets the document title, so each page is announced by name (WCAG 2.4.2). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Hearth`;
  }, [title]);
}
