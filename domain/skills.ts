import { DateTime } from 'luxon';
import type { Locale } from './locale.js';

/**
 * Skill cards and practice between sessions (issue 16, docs/skills.md, decision 0042).
 *
 * Hearth ships six cards as data, written in Hearth's own words in every language it speaks; they
 * are read-only. A practice writes its own cards (stored in its database), and may start one as a
 * copy of a shipped card to adapt it. DBT skill names are mentioned where a card is close to one;
 * no handout text is reproduced.
 */

/** The words of a card, in one language. */
export interface SkillCardText {
  title: string;
  /** What the skill is for, in a sentence or two. */
  purpose: string;
  /** What to do, in order. */
  steps: string[];
  /** A short example of the skill in use. */
  example: string;
  /** Something to try before the next session. */
  prompt: string;
}

export interface ShippedSkillCard {
  /** Stable and namespaced, so it never meets a practice card's random id. */
  id: `hearth.${string}`;
  /** A related, well-known skill by name, when there is one (its text is not ours to copy). */
  relatedTo: string | null;
  text: Record<Locale, SkillCardText>;
}

/** Bounds of a card a practice writes: short enough to read on a phone, long enough to be useful. */
export const SkillCardLimits = {
  title: { min: 1, max: 120 },
  purpose: { min: 1, max: 600 },
  step: { min: 1, max: 300 },
  steps: { min: 1, max: 8 },
  example: { min: 1, max: 1200 },
  prompt: { min: 1, max: 400 },
} as const;

/**
 * Bounds of a practice log: a minute on a phone is a few sentences; 2,000 characters leaves room
 * for more without letting one entry fill a page of the group's shared list.
 */
export const PracticeLogLimits = {
  situation: { min: 1, max: 2000 },
  learned: { max: 2000 },
  rating: { min: 0, max: 10 },
} as const;

/** Peer feedback: two short, kind parts; at least one is written. */
export const PracticeFeedbackLimits = { part: { max: 1000 } } as const;

/** A facilitator's words to go with an assignment ("try it with someone at work"). */
export const AssignmentNoteLimit = { max: 500 } as const;

/**
 * Who sees a practice log. `private`: only its author. `facilitators`: its author and the group's
 * facilitators. `group`: the group as well, who may give feedback. Sharing is always the member's
 * choice and can be undone.
 */
export const PRACTICE_VISIBILITIES = ['private', 'facilitators', 'group'] as const;
export type PracticeVisibility = (typeof PRACTICE_VISIBILITIES)[number];

/** Whether the group's facilitators read a log shared this way. */
export function facilitatorsSee(visibility: PracticeVisibility): boolean {
  return visibility !== 'private';
}

export const SHIPPED_SKILL_CARDS: readonly ShippedSkillCard[] = [
  {
    id: 'hearth.i-statements',
    relatedTo: null,
    text: {
      en: {
        title: 'I-statements',
        purpose:
          'Say how something affects you without blaming the other person, so they can listen instead of defending themselves.',
        steps: [
          'Name what happened, as a camera would have seen it.',
          'Say how you felt: "I felt…".',
          'Say why it matters to you: "because…".',
          'Say what would help, if you know.',
        ],
        example:
          '"When the plan changed at the last minute, I felt left out, because I had set the evening aside. Could you tell me earlier next time?"',
        prompt:
          'Pick one small moment this week where you would usually say "you always…". Try an I-statement instead.',
      },
      es: {
        title: 'Mensajes en primera persona',
        purpose:
          'Decir cómo algo te afecta sin culpar a la otra persona, para que pueda escucharte en lugar de defenderse.',
        steps: [
          'Describe lo que pasó, como lo habría grabado una cámara.',
          'Di cómo te sentiste: "Me sentí…".',
          'Di por qué te importa: "porque…".',
          'Di qué te ayudaría, si lo sabes.',
        ],
        example:
          '"Cuando el plan cambió a última hora, me sentí fuera, porque había reservado la tarde. ¿Me lo puedes decir antes la próxima vez?"',
        prompt:
          'Elige un momento pequeño esta semana en el que normalmente dirías "tú siempre…". Prueba un mensaje en primera persona.',
      },
    },
  },
  {
    id: 'hearth.active-listening',
    relatedTo: 'GIVE',
    text: {
      en: {
        title: 'Active listening',
        purpose:
          'Help someone feel heard. Listening first often calms a hard conversation and shows you what really matters to them.',
        steps: [
          'Give your attention: put the phone down and face the person.',
          'Let them finish before you answer.',
          'Say back in your own words what you heard.',
          'Ask one open question: "What was that like for you?"',
          'Check: "Did I get that right?"',
        ],
        example:
          '"So it sounds like the new shifts leave you no time to rest, and that has been wearing you down. Did I get that right?"',
        prompt:
          'In one conversation this week, say back what you heard before you give your own view. Notice what changes.',
      },
      es: {
        title: 'Escucha activa',
        purpose:
          'Ayudar a alguien a sentirse escuchado. Escuchar primero a menudo calma una conversación difícil y te muestra lo que de verdad le importa.',
        steps: [
          'Presta atención: deja el teléfono y mira a la persona.',
          'Deja que termine antes de responder.',
          'Repite con tus palabras lo que escuchaste.',
          'Haz una pregunta abierta: "¿Cómo fue eso para ti?"',
          'Comprueba: "¿Lo entendí bien?"',
        ],
        example:
          '"Entonces parece que los nuevos turnos no te dejan tiempo para descansar, y eso te está agotando. ¿Lo entendí bien?"',
        prompt:
          'En una conversación esta semana, repite lo que escuchaste antes de dar tu opinión. Fíjate en qué cambia.',
      },
    },
  },
  {
    id: 'hearth.making-a-request',
    relatedTo: 'DEAR MAN',
    text: {
      en: {
        title: 'Making a request',
        purpose:
          'Ask for what you need clearly and calmly, so the other person knows exactly what you are asking and why it matters.',
        steps: [
          'Describe: the facts of the situation, without judging.',
          'Express: how you feel about it, using "I".',
          'Ask: say plainly what you would like to happen.',
          'Reinforce: say what is good for them, or for both of you, if they agree.',
          'Stay on your request, calmly, if the talk drifts; be open to a middle way.',
        ],
        example:
          '"The dishes have been left for me the last three nights. I feel tired and a bit taken for granted. Could we take turns, one night each? It would make the evenings easier for both of us."',
        prompt: 'Choose one small, real request to make this week. Write down your four parts before you ask.',
      },
      es: {
        title: 'Hacer una petición',
        purpose:
          'Pedir lo que necesitas con claridad y calma, para que la otra persona sepa exactamente qué le pides y por qué te importa.',
        steps: [
          'Describe: los hechos de la situación, sin juzgar.',
          'Expresa: cómo te sientes, hablando desde el "yo".',
          'Pide: di claramente qué te gustaría que pasara.',
          'Refuerza: di qué tiene de bueno para la otra persona, o para ambos, si acepta.',
          'Mantén tu petición con calma si la conversación se desvía; abre la puerta a un punto medio.',
        ],
        example:
          '"Los platos se han quedado para mí las últimas tres noches. Me siento cansado y un poco ignorado. ¿Podemos turnarnos, una noche cada uno? Las tardes serían más fáciles para los dos."',
        prompt: 'Elige una petición pequeña y real para hacer esta semana. Escribe tus cuatro partes antes de pedir.',
      },
    },
  },
  {
    id: 'hearth.saying-no',
    relatedTo: 'FAST',
    text: {
      en: {
        title: 'Saying no and setting a boundary',
        purpose: 'Protect your time, energy and values while staying respectful, to yourself and to the other person.',
        steps: [
          'Notice what you want before you answer; it is fine to say "let me think".',
          'Say no clearly and kindly; one short reason is enough, or none.',
          'If it is a boundary, say what you will do, not what they must do.',
          'Repeat calmly if you are pushed; you do not need to argue.',
          'Afterwards, notice how you feel. Discomfort often passes; self-respect stays.',
        ],
        example:
          '"Thank you for thinking of me. I can\'t take on extra weekend shifts this month. If plans run late, I will leave at nine."',
        prompt:
          'Notice one moment this week when you want to say no. Try a clear, kind no, even a small one, and see what happens.',
      },
      es: {
        title: 'Decir que no y poner un límite',
        purpose: 'Cuidar tu tiempo, tu energía y tus valores, con respeto hacia ti y hacia la otra persona.',
        steps: [
          'Fíjate en lo que quieres antes de responder; está bien decir "déjame pensarlo".',
          'Di que no con claridad y amabilidad; basta una razón corta, o ninguna.',
          'Si es un límite, di lo que tú harás, no lo que la otra persona debe hacer.',
          'Repite con calma si insisten; no necesitas discutir.',
          'Después, fíjate en cómo te sientes. La incomodidad suele pasar; el respeto por ti se queda.',
        ],
        example:
          '"Gracias por pensar en mí. Este mes no puedo hacer turnos extra el fin de semana. Si el plan se alarga, me iré a las nueve."',
        prompt:
          'Fíjate en un momento esta semana en el que quieras decir que no. Prueba un no claro y amable, aunque sea pequeño, y observa qué pasa.',
      },
    },
  },
  {
    id: 'hearth.working-through-conflict',
    relatedTo: null,
    text: {
      en: {
        title: 'Working through a conflict',
        purpose:
          'Move a disagreement from "me against you" to "us against the problem", so both people can be heard and find a way forward.',
        steps: [
          'Choose a calm time; if either of you is flooded, agree to pause and come back.',
          'Each person says what matters to them, and the other says it back.',
          'Name the shared goal, even a small one.',
          'Think of a few options together before judging any.',
          'Pick one to try, and agree when to check how it went.',
        ],
        example:
          '"We both want the weekends to feel restful. You need some quiet, I need time with friends. What if Saturday mornings are quiet and Sunday is for visits? Let\'s see how it feels in two weeks."',
        prompt:
          'Think of one small disagreement that keeps coming back. Try the first two steps with the other person this week.',
      },
      es: {
        title: 'Resolver un conflicto',
        purpose:
          'Pasar de "yo contra ti" a "nosotros contra el problema", para que ambas personas se sientan escuchadas y encuentren un camino.',
        steps: [
          'Elige un momento tranquilo; si alguno está desbordado, acuerden una pausa y vuelvan después.',
          'Cada persona dice lo que le importa, y la otra lo repite con sus palabras.',
          'Nombren un objetivo común, aunque sea pequeño.',
          'Piensen juntos varias opciones antes de juzgar ninguna.',
          'Elijan una para probar, y acuerden cuándo revisar cómo fue.',
        ],
        example:
          '"Los dos queremos que los fines de semana sean tranquilos. Tú necesitas silencio, yo necesito ver a mis amigos. ¿Y si las mañanas del sábado son tranquilas y el domingo es para visitas? Veamos cómo va en dos semanas."',
        prompt:
          'Piensa en un desacuerdo pequeño que se repite. Prueba los dos primeros pasos con la otra persona esta semana.',
      },
    },
  },
  {
    id: 'hearth.repairing-a-rupture',
    relatedTo: null,
    text: {
      en: {
        title: 'Repairing after a rupture',
        purpose:
          'Reconnect after a moment that hurt or pulled you apart. Repair, more than never falling out, is what makes a relationship feel safe.',
        steps: [
          'Let things settle first; repair works best when you are both calm.',
          'Reach out and name the moment: "I\'ve been thinking about yesterday."',
          'Own your part, without "but".',
          'Ask how it was for them, and listen.',
          'Say what you will try next time.',
        ],
        example:
          "\"I've been thinking about how I snapped at you on Tuesday. That wasn't fair, and I'm sorry. How was that for you? Next time I'll say I need a minute instead.\"",
        prompt:
          'Is there a small moment you would like to repair? Write down what you would say, and try it when it feels right.',
      },
      es: {
        title: 'Reparar después de una ruptura',
        purpose:
          'Volver a conectar después de un momento que dolió o los separó. Reparar, más que no discutir nunca, es lo que hace que una relación se sienta segura.',
        steps: [
          'Deja que las cosas se calmen; reparar funciona mejor cuando ambos están tranquilos.',
          'Acércate y nombra el momento: "He estado pensando en lo de ayer."',
          'Reconoce tu parte, sin "pero".',
          'Pregunta cómo fue para la otra persona, y escucha.',
          'Di qué intentarás la próxima vez.',
        ],
        example:
          '"He estado pensando en cómo te contesté mal el martes. No fue justo y lo siento. ¿Cómo fue eso para ti? La próxima vez te diré que necesito un minuto."',
        prompt:
          '¿Hay un momento pequeño que te gustaría reparar? Escribe lo que dirías y pruébalo cuando te parezca el momento.',
      },
    },
  },
];

/** A shipped card by id, or undefined. */
export function shippedCard(id: string): ShippedSkillCard | undefined {
  return SHIPPED_SKILL_CARDS.find((c) => c.id === id);
}

/** Whether a card id names one of Hearth's own cards (read-only) rather than a practice's. */
export function isShippedCardId(id: string): boolean {
  return id.startsWith('hearth.');
}

/** One practice log, as the trend needs it. */
export interface RatedPractice {
  at: string;
  rating: number;
}

/**
 * How practice went over time, for a chart and its table: one point per calendar week (starting
 * Monday, in the group's zone) with the mean rating of that week's entries and how many there were.
 * Weeks are coarse on purpose: they show a direction without putting any single day under a microscope.
 */
export function weeklyPractice(
  entries: readonly RatedPractice[],
  zone: string,
): Array<{ week: string; mean: number; count: number }> {
  const weeks = new Map<string, { sum: number; count: number }>();
  for (const entry of entries) {
    const week = weekStart(entry.at, zone);
    const w = weeks.get(week) ?? { sum: 0, count: 0 };
    w.sum += entry.rating;
    w.count += 1;
    weeks.set(week, w);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, w]) => ({ week, mean: Math.round((w.sum / w.count) * 10) / 10, count: w.count }));
}

/**
 * The Monday of the week an instant falls in, where the group meets, as the instant that Monday's
 * midnight is there (UTC weeks put a Sunday evening in Los Angeles into the next week). By the
 * calendar, not by 7 × 24 hours, so a week with a change of clocks still ends at Sunday midnight.
 */
export function weekStart(at: string, zone: string): string {
  return DateTime.fromISO(at, { zone }).startOf('week').toUTC().toISO()!;
}
