// Deutsche Texte: tickets (every key of ../en/tickets.ts, translated).
import type en from "../en/tickets";

export default {
} satisfies Record<keyof typeof en, string>;
