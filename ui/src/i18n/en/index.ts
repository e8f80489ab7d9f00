// The English catalogue: one file per area (the same areas as the views).
import commonMessages from "./common";
import appMessages from "./app";
import componentsMessages from "./components";
import libMessages from "./lib";
import billingMessages from "./billing";
import ticketsMessages from "./tickets";
import contractsMessages from "./contracts";
import activitiesMessages from "./activities";
import todayMessages from "./today";
import teamMessages from "./team";
import backupMessages from "./backup";
import setupMessages from "./setup";
import settingsMessages from "./settings";
import termsMessages from "./terms";
import duplicatesMessages from "./duplicates";
import importMessages from "./import";
import organizationsMessages from "./organizations";
import peopleMessages from "./people";
import filesMessages from "./files";
import systemsMessages from "./systems";
import membersMessages from "./members";
import staffMessages from "./staff";
import streamMessages from "./stream";
import notesMessages from "./notes";
import searchMessages from "./search";
import customfieldsMessages from "./customfields";

/** Every area's messages, by area (the catalogue test checks no key is in two). */
export const AREAS = {
  common: commonMessages,
  app: appMessages,
  components: componentsMessages,
  lib: libMessages,
  billing: billingMessages,
  tickets: ticketsMessages,
  contracts: contractsMessages,
  activities: activitiesMessages,
  today: todayMessages,
  team: teamMessages,
  backup: backupMessages,
  setup: setupMessages,
  settings: settingsMessages,
  terms: termsMessages,
  duplicates: duplicatesMessages,
  import: importMessages,
  organizations: organizationsMessages,
  people: peopleMessages,
  files: filesMessages,
  systems: systemsMessages,
  members: membersMessages,
  staff: staffMessages,
  stream: streamMessages,
  notes: notesMessages,
  search: searchMessages,
  customfields: customfieldsMessages,
};

const en = {
  ...commonMessages,
  ...appMessages,
  ...componentsMessages,
  ...libMessages,
  ...billingMessages,
  ...ticketsMessages,
  ...contractsMessages,
  ...activitiesMessages,
  ...todayMessages,
  ...teamMessages,
  ...backupMessages,
  ...setupMessages,
  ...settingsMessages,
  ...termsMessages,
  ...duplicatesMessages,
  ...importMessages,
  ...organizationsMessages,
  ...peopleMessages,
  ...filesMessages,
  ...systemsMessages,
  ...membersMessages,
  ...staffMessages,
  ...streamMessages,
  ...notesMessages,
  ...searchMessages,
  ...customfieldsMessages,
};

export type MessageKey = keyof typeof en;
export default en as Record<MessageKey, string>;
