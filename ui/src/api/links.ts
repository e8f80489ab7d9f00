import { call } from "./ipc";

/** Opens a tel:, mailto: or https: link with the OS (dialer, mail client, browser). */
export const openLink = (url: string) => call<void>("open_link", { url });
