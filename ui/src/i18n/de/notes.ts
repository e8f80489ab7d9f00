// Deutsche Texte: notes (every key of ../en/notes.ts, translated).
import type en from "../en/notes";

export default {
} satisfies Record<keyof typeof en, string>;
