// Deutsche Texte: stream (every key of ../en/stream.ts, translated).
import type en from "../en/stream";

export default {
} satisfies Record<keyof typeof en, string>;
