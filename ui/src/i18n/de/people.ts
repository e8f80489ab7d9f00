// Deutsche Texte: people (every key of ../en/people.ts, translated).
import type en from "../en/people";

export default {
} satisfies Record<keyof typeof en, string>;
