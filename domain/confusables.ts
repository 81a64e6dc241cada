import unhomoglyph from 'unhomoglyph';

/**
 * Look-alike names (Unicode TS #39). Server only: the confusables table is large, and the check
 * compares a name with other members' names, which only the server holds.
 *
 * The skeleton of a text is what it looks like, with every character replaced by the prototype
 * it is confusable with (Cyrillic "а" and Latin "a", "rn" and "m", "l" and "I"): two names with
 * the same skeleton can pass for each other. The table is Unicode's confusables.txt, kept by the
 * `unhomoglyph` package (docs/decisions/0018).
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * The forms a display name is compared in: without case either before or after the skeleton, so
 * "Sam" and "ѕam" match, and so do "Ian" and "lan" (capital I looks like small l).
 */
function lookAlikeForms(name: string): string[] {
  const plain = name.normalize('NFKC').trim();
  return [skeleton(plain.toLocaleLowerCase('en')), skeleton(plain).toLocaleLowerCase('en')];
}

/** Whether two display names could pass for each other on screen. */
export function looksAlike(a: string, b: string): boolean {
  const forms = lookAlikeForms(a);
  return lookAlikeForms(b).some((form) => forms.includes(form));
}
