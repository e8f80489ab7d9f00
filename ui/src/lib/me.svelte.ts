// Who uses this machine: the staff member chosen on first start (or in Settings → Staff). The
// shell shows the "Who are you?" screen until there is one; views read `session.me`.
import { whoAmI } from "../api/staff";
import type { StaffMember } from "../bindings/StaffMember";

export const session = $state<{ me: StaffMember | null; loaded: boolean }>({ me: null, loaded: false });

/** Asks the backend again (after picking, adding or editing staff). */
export async function reloadMe(): Promise<void> {
  session.me = (await whoAmI()).me;
  session.loaded = true;
}
