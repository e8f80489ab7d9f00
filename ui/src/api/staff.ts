import { call } from "./ipc";
import type { StaffId } from "../bindings/StaffId";
import type { StaffInput } from "../bindings/StaffInput";
import type { StaffMember } from "../bindings/StaffMember";
import type { WhoAmI } from "../bindings/WhoAmI";

export const whoAmI = () => call<WhoAmI>("who_am_i");
export const setMe = (id: StaffId) => call<StaffMember>("set_me", { id });
/** With `me`, a newcomer adds themselves and becomes this machine's user. */
export const createStaff = (input: StaffInput, me = false) => call<StaffMember>("create_staff", { input, me });
export const listStaff = (includeInactive = false) => call<StaffMember[]>("list_staff", { includeInactive });
export const updateStaff = (id: StaffId, input: StaffInput) => call<StaffMember>("update_staff", { id, input });
export const deleteStaff = (id: StaffId) => call<void>("delete_staff", { id });
