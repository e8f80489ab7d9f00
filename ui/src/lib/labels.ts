// The data dictionary: the words the UI uses for its record kinds. Settings will let an admin
// rename them ("Client" for Organization…); every view takes its words from here.

export interface Labels {
  organization: string;
  organizations: string;
  person: string;
  people: string;
  site: string;
  sites: string;
}

export const labels: Labels = {
  organization: "Organization",
  organizations: "Organizations",
  person: "Person",
  people: "People",
  site: "Site",
  sites: "Sites",
};
