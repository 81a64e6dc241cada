/**
 * Finds English sentences in text a Spanish reader is shown (issue 12: "no English sentence on a
 * page rendered in Spanish, allowing proper names and codes"). A sentence is English when it holds
 * a run of three or more words that are all English-looking (plain ASCII letters, not a Spanish
 * word) with at least two English function words among them ("Back to your check-ins", "Send to
 * my facilitator"). Proper names ("Tuesday Skills Circle", "Crisis Text Line"), codes ("PHQ-9") and
 * the product's name carry no function words or are in Title Case, so they pass; so does Spanish, whose function words
 * are not on the English list. Words both languages share ("a", "no", "me", "he", "has", "come",
 * "son", "once") are left off the English list, so a Spanish sentence never reads as English.
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  `the and of to you your yours is are was were be been being have had do does did will would can could
  should shall may might must not for with on at by from this that these those it its they them their
  we us our i my mine he's she's it's we're you're they're don't can't won't isn't aren't what when where
  which who whom why how all any some more most other into about than then there here just only also
  very too so if or but because while after before again never always please thank thanks yes back
  out up down over under until soon now today tomorrow yesterday every each both few many much
  nothing something anything someone anyone everyone sign see get go let know need want make take give
  send sent answer answers question questions saved loading week weeks day days hour hours minute
  minutes time help right left`
    .split(/\s+/)
    .filter(Boolean),
);

/** Spanish words that are plain ASCII and could pass for English-looking: they break a run. */
const SPANISH_WORDS = new Set(
  `a al con de del el en es la las lo los mas me mi mis no o para pero por que se si sin su sus te tu tus
  un una uno unos unas y ya yo ha han has he hoy aqui esto esta este estas estos eso esa ese como cuando
  donde quien puedes puede hacer todo toda todos todas nada algo cada dia dias hora horas semana semanas
  grupo grupos sesion sesiones ver volver enviar guardar cuenta ayuda inicio entrar salir tiempo nunca
  siempre otra otro otras otros entre sobre hasta desde tanto tan muy bien mal le les nos os ni e u
  come son once van ve vas va da dan doy fin`
    .split(/\s+/)
    .filter(Boolean),
);

const WORD = /[\p{L}\p{N}'’-]+/gu;

/** The English sentences in a piece of text (split at line breaks and sentence ends). */
export function englishSentences(text: string): string[] {
  const found: string[] = [];
  for (const sentence of text.split(/[\n\r.!?;:·|]+/)) {
    const words = sentence.match(WORD) ?? [];
    let run = 0;
    let functionWords = 0;
    let lowercase = 0;
    for (const raw of words) {
      const word = raw.toLowerCase().replace(/’/g, "'");
      const englishLooking = /^[a-z][a-z'-]*$/.test(word) && !SPANISH_WORDS.has(word);
      if (!englishLooking) {
        run = 0;
        functionWords = 0;
        lowercase = 0;
        continue;
      }
      run += 1;
      if (ENGLISH_FUNCTION_WORDS.has(word)) functionWords += 1;
      if (/^\p{Ll}/u.test(raw)) lowercase += 1;
      // A run in Title Case is a name ("Text About It"), not a sentence.
      if (run >= 3 && functionWords >= 2 && lowercase >= 1) {
        found.push(sentence.trim());
        break;
      }
    }
  }
  return found;
}
