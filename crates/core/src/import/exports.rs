//! The exports of the tools our users leave, recognised by their headers: each names the columns
//! that identify it and where its columns go when importing organizations or people. Columns an
//! export does not name here are mapped by the general rules in [`super::headers`].
//!
//! Header names are compared as [`super::headers::header_key`] gives them (lower case, letters and
//! digits), so "*ContactName" and "Contact Name" are the same column.

use super::mapping::{ImportKind, Target, Target::*};

/// A known export.
#[derive(Debug)]
pub struct KnownExport {
    /// What the preview says: "Looks like a {name}" (in English: the key the preview's `msg`
    /// gives in the app's language).
    pub name: &'static str,
    /// Header keys that must all be present.
    signature: &'static [&'static str],
    /// Where columns go when importing organizations, by header key.
    organizations: &'static [(&'static str, Target)],
    /// Where columns go when importing people, by header key.
    people: &'static [(&'static str, Target)],
    /// The name column holds the path of parents and the name ("Acme:Kitchen remodel", a
    /// QuickBooks job under its customer), joined by this character.
    pub name_path: Option<char>,
    /// The file's name holds the company of every row, before this marker.
    pub company_in_file_name: Option<&'static str>,
    /// An address book: a row per person, so a company's name repeats; imported as
    /// organizations, a repeated name is the same company, skipped rather than an error.
    pub row_per_person: bool,
}

impl KnownExport {
    /// The export's own mapping for `kind`, by header key.
    pub fn columns(&self, kind: ImportKind) -> &'static [(&'static str, Target)] {
        match kind {
            ImportKind::Organizations => self.organizations,
            ImportKind::People => self.people,
        }
    }
}

/// The first known export whose signature headers are all among `keys` (a signature entry
/// "a|b" is met by either).
pub fn recognise(keys: &[String]) -> Option<&'static KnownExport> {
    let has = |wanted: &str| wanted.split('|').any(|w| keys.iter().any(|k| k == w));
    KNOWN.iter().find(|export| export.signature.iter().all(|s| has(s)))
}

/// Known exports, most specific signature first. Researched from the tools' own documentation
/// and source where it is public (ITFlow, Syncro, Autotask, Odoo), else from the files other
/// projects read and write; the general rules cover columns a version adds or renames.
static KNOWN: &[KnownExport] = &[
    XERO,
    QUICKBOOKS_DESKTOP,
    QUICKBOOKS_ONLINE,
    SAGE_50_US,
    SAGE_50_UK,
    SAGE_ACCOUNTING,
    FRESHBOOKS,
    ZOHO_BOOKS,
    HUBSPOT_COMPANIES,
    HUBSPOT_CONTACTS,
    ZOHO_CRM_ACCOUNTS,
    ZOHO_CRM_CONTACTS,
    SALESFORCE_ACCOUNTS_API,
    SALESFORCE_CONTACTS_API,
    SALESFORCE_ACCOUNTS,
    SALESFORCE_CONTACTS,
    PIPEDRIVE_ORGANIZATIONS,
    PIPEDRIVE_PEOPLE,
    ODOO,
    ITFLOW_CLIENTS,
    ITFLOW_CLIENTS_OLD,
    ITFLOW_CONTACTS,
    AUTOTASK_ORGANIZATIONS,
    AUTOTASK_CONTACTS,
    CONNECTWISE_COMPANIES,
    HALOPSA_USERS,
    HALOPSA_SITES,
    SYNCRO_CUSTOMERS,
    SYNCRO_CONTACTS,
    OUTLOOK,
    GOOGLE_CONTACTS,
    GOOGLE_CONTACTS_OLD,
];

const XERO: KnownExport = KnownExport {
    name: "Xero contacts export",
    signature: &["contactname", "poaddressline1", "saaddressline1"],
    organizations: &[
        ("contactname", Name),
        ("accountnumber", AccountNumber),
        ("emailaddress", Email),
        ("phonenumber", Phone),
        ("website", Website),
        // The registered name, often empty; ContactName is the name the customer is known by.
        ("legalname", AppendToNotes),
        ("taxnumber", AppendToNotes),
        ("companynumber", AppendToNotes),
        // The contact's primary person.
        ("firstname", ContactFirstName),
        ("lastname", ContactLastName),
        ("mobilenumber", ContactMobile),
    ],
    people: &[
        ("contactname", Company),
        ("firstname", FirstName),
        ("lastname", LastName),
        ("emailaddress", Email),
        ("phonenumber", Phone),
        ("mobilenumber", Mobile),
        ("accountnumber", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const QUICKBOOKS_DESKTOP: KnownExport = KnownExport {
    name: "QuickBooks Desktop customer list",
    signature: &["customer", "billto1", "accountno"],
    organizations: &[
        // "Customer" is the list name (always filled; a job reads "Parent:Job").
        ("customer", Name),
        ("company", Ignore),
        ("accountno", AccountNumber),
        ("mainphone", Phone),
        ("mainemail", Email),
        // Free-form address lines (the first is often the name, the last "City ST Zip").
        ("billto1", AppendToNotes),
        ("billto2", AppendToNotes),
        ("billto3", AppendToNotes),
        ("billto4", AppendToNotes),
        ("billto5", AppendToNotes),
        ("activestatus", Ignore),
        ("firstname", ContactFirstName),
        ("lastname", ContactLastName),
        ("jobtitle", ContactJobTitle),
    ],
    people: &[
        ("company", Company),
        ("customer", Ignore),
        ("accountno", Ignore),
        ("mrms", Ignore),
        ("mainphone", Phone),
        ("mainemail", Email),
    ],
    name_path: Some(':'),
    company_in_file_name: None,
    row_per_person: false,
};

const QUICKBOOKS_ONLINE: KnownExport = KnownExport {
    name: "QuickBooks Online customer list",
    signature: &["customer|displayname", "companyname|company", "openbalance|billingaddressline1"],
    organizations: &[
        ("customer", Name),
        ("displayname", Name),
        ("companyname", Ignore),
        ("company", Ignore),
        ("openbalance", Ignore),
        ("billingaddressline1", AddressLine1),
        ("billingaddressline2", AddressLine2),
        ("billingaddresscity", City),
        ("billingaddressstate", Region),
        ("billingaddresszip", PostalCode),
        ("billingaddresscountry", Country),
    ],
    people: &[("customer", Ignore), ("displayname", Ignore), ("companyname", Company), ("company", Company)],
    name_path: Some(':'),
    company_in_file_name: None,
    row_per_person: false,
};

const SAGE_50_US: KnownExport = KnownExport {
    name: "Sage 50 customer list",
    signature: &["customerid", "customername", "billtocity"],
    organizations: &[
        ("customerid", AccountNumber),
        ("customername", Name),
        ("billtocontact", ContactFullName),
        ("billtoaddresslineone", AddressLine1),
        ("billtoaddresslinetwo", AddressLine2),
        ("customerwebsite", Website),
    ],
    people: &[
        ("customerid", CompanyAccountNumber),
        ("customername", Company),
        ("billtocontact", FullName),
        ("billtoaddresslineone", Ignore),
        ("billtoaddresslinetwo", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SAGE_50_UK: KnownExport = KnownExport {
    name: "Sage 50 customer export",
    signature: &["accountreference", "accountname", "street1"],
    organizations: &[
        ("accountreference", AccountNumber),
        ("accountname", Name),
        ("street1", AddressLine1),
        ("street2", AddressLine2),
        ("contactname", ContactFullName),
        ("webaddress", Website),
        ("vatnumber", AppendToNotes),
    ],
    people: &[
        ("accountreference", CompanyAccountNumber),
        ("accountname", Company),
        ("contactname", FullName),
        ("street1", Ignore),
        ("street2", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SAGE_ACCOUNTING: KnownExport = KnownExport {
    name: "Sage Accounting contacts export",
    signature: &["reference", "contactname", "towncity"],
    organizations: &[
        ("reference", AccountNumber),
        ("name", Name),
        ("contactname", ContactFullName),
        ("towncity", City),
        ("countystate", Region),
        ("vatnumber", AppendToNotes),
    ],
    people: &[
        ("reference", CompanyAccountNumber),
        ("name", Company),
        ("contactname", FullName),
        ("towncity", City),
        ("countystate", Region),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const FRESHBOOKS: KnownExport = KnownExport {
    name: "FreshBooks clients export",
    signature: &["organization", "firstname", "lastname", "provincestate"],
    organizations: &[
        ("organization", Name),
        ("firstname", ContactFirstName),
        ("lastname", ContactLastName),
        ("mobile", ContactMobile),
        ("street", AddressLine1),
        ("street2", AddressLine2),
        ("provincestate", Region),
    ],
    people: &[("organization", Company), ("provincestate", Region)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ZOHO_BOOKS: KnownExport = KnownExport {
    name: "Zoho Books contacts export",
    signature: &["contactname", "emailid", "billingcode"],
    organizations: &[
        ("contactname", Name),
        ("displayname", Ignore),
        ("companyname", Ignore),
        ("emailid", Email),
        ("billingcode", PostalCode),
        ("billingattention", Ignore),
        ("firstname", ContactFirstName),
        ("lastname", ContactLastName),
        ("mobilephone", ContactMobile),
        ("designation", ContactJobTitle),
    ],
    people: &[
        ("contactname", Company),
        ("displayname", Ignore),
        ("companyname", Ignore),
        ("emailid", Email),
        ("mobilephone", Mobile),
        ("designation", JobTitle),
        ("billingcode", PostalCode),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const HUBSPOT_COMPANIES: KnownExport = KnownExport {
    name: "HubSpot companies export",
    signature: &["recordid", "companyname", "companydomainname"],
    organizations: &[
        ("recordid", Ignore),
        ("companyname", Name),
        ("companydomainname", Ignore),
        ("websiteurl", Website),
        ("streetaddress", AddressLine1),
        ("streetaddress2", AddressLine2),
        ("industry", AppendToNotes),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const HUBSPOT_CONTACTS: KnownExport = KnownExport {
    name: "HubSpot contacts export",
    signature: &["recordid", "firstname", "lastname", "associatedcompany|associatedcompanyidsprimary"],
    organizations: &[],
    people: &[
        ("recordid", Ignore),
        ("associatedcompany", Company),
        ("companyname", Ignore),
        ("phonenumber", Phone),
        ("mobilephonenumber", Mobile),
        ("streetaddress", AddressLine1),
        ("streetaddress2", AddressLine2),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SALESFORCE_ACCOUNTS_API: KnownExport = KnownExport {
    name: "Salesforce accounts export",
    signature: &["id", "billingstreet", "shippingstreet", "parentid"],
    organizations: &[
        ("id", Ignore),
        ("parentid", Ignore),
        ("ownerid", Ignore),
        ("type", AppendToNotes),
        ("industry", AppendToNotes),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SALESFORCE_CONTACTS_API: KnownExport = KnownExport {
    name: "Salesforce contacts export",
    signature: &["id", "accountid", "firstname", "lastname", "mailingstreet"],
    organizations: &[],
    people: &[("id", Ignore), ("accountid", Ignore), ("ownerid", Ignore), ("reportstoid", Ignore)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SALESFORCE_ACCOUNTS: KnownExport = KnownExport {
    name: "Salesforce accounts report",
    signature: &["accountname", "accountowner", "billingstreet|billingcity"],
    organizations: &[
        ("accountid", Ignore),
        ("accountname", Name),
        ("accountowner", Ignore),
        ("type", AppendToNotes),
        ("industry", AppendToNotes),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SALESFORCE_CONTACTS: KnownExport = KnownExport {
    name: "Salesforce contacts report",
    signature: &["contactid", "accountname", "contactowner"],
    organizations: &[],
    people: &[("contactid", Ignore), ("accountid", Ignore), ("contactowner", Ignore), ("reportsto", Ignore)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const PIPEDRIVE_ORGANIZATIONS: KnownExport = KnownExport {
    name: "Pipedrive organizations export",
    signature: &["organizationname", "organizationowner|organizationpeople"],
    organizations: &[
        ("organizationid", Ignore),
        ("organizationname", Name),
        // The address as typed; its parts follow in other columns.
        ("organizationaddress", AddressLine1),
        ("organizationcitytownvillagelocalityofaddress", City),
        ("organizationaddresscitytownvillagelocalityofaddress", City),
        ("organizationstatecountyofaddress", Region),
        ("organizationaddressstatecountyofaddress", Region),
        ("organizationzippostalcodeofaddress", PostalCode),
        ("organizationaddresszippostalcodeofaddress", PostalCode),
        ("organizationcountryofaddress", Country),
        ("organizationaddresscountryofaddress", Country),
        ("organizationwebsite", Website),
        ("organizationlabel", AppendToNotes),
        ("organizationindustry", AppendToNotes),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const PIPEDRIVE_PEOPLE: KnownExport = KnownExport {
    name: "Pipedrive people export",
    signature: &["personname", "personorganization"],
    organizations: &[],
    people: &[
        ("personid", Ignore),
        ("personname", FullName),
        ("personfirstname", FirstName),
        ("personlastname", LastName),
        ("personorganization", Company),
        ("personjobtitle", JobTitle),
        ("persontitle", JobTitle),
        ("personemailwork", Email),
        ("personemail", Email),
        ("personphonework", Phone),
        ("personphone", Phone),
        ("personphonemobile", Mobile),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ZOHO_CRM_ACCOUNTS: KnownExport = KnownExport {
    name: "Zoho CRM accounts export",
    signature: &["recordid", "accountname", "accountowner"],
    organizations: &[
        ("recordid", Ignore),
        ("accountname", Name),
        ("accountowner", Ignore),
        ("parentaccountid", Ignore),
        ("billingcode", PostalCode),
        ("accounttype", AppendToNotes),
        ("industry", AppendToNotes),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ZOHO_CRM_CONTACTS: KnownExport = KnownExport {
    name: "Zoho CRM contacts export",
    signature: &["recordid", "contactowner", "accountname"],
    organizations: &[],
    people: &[
        ("recordid", Ignore),
        ("accountname", Company),
        ("accountnameid", Ignore),
        ("contactowner", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ODOO: KnownExport = KnownExport {
    name: "Odoo contacts export",
    signature: &["isacompany|companytype", "relatedcompany"],
    organizations: &[
        ("name", Name),
        // A company's related company is its parent; "Company" is the Odoo company that owns the
        // record (in a multi-company database), not the customer's employer.
        ("relatedcompany", ParentAccount),
        ("company", Ignore),
        ("companyname", Ignore),
        ("reference", AccountNumber),
        ("internalreference", AccountNumber),
        // A row that is no company is a person of its related company.
        ("isacompany", IsCompany),
        ("companytype", IsCompany),
        ("jobposition", ContactJobTitle),
        ("title", Ignore),
        ("mobile", ContactMobile),
        ("taxid", AppendToNotes),
    ],
    people: &[
        ("name", FullName),
        ("relatedcompany", Company),
        ("company", Ignore),
        ("companyname", Ignore),
        ("reference", Ignore),
        ("title", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ITFLOW_CLIENTS: KnownExport = KnownExport {
    name: "ITFlow clients export",
    signature: &["clientname", "primarylocationname"],
    organizations: &[
        ("clientname", Name),
        ("primarylocationname", Ignore),
        ("locationphone", Phone),
        ("locationaddress", AddressLine1),
        // The client's primary contact.
        ("primarycontactname", ContactFullName),
        ("title", ContactJobTitle),
        ("contactphone", ContactPhone),
        ("extension", Ignore),
        ("contactmobile", ContactMobile),
        ("contactemail", ContactEmail),
        ("industry", AppendToNotes),
        ("referral", AppendToNotes),
        ("taxid", AppendToNotes),
        ("abbreviation", AppendToNotes),
    ],
    people: &[
        ("clientname", Company),
        ("primarycontactname", FullName),
        ("title", JobTitle),
        ("contactphone", Phone),
        ("contactmobile", Mobile),
        ("contactemail", Email),
        ("locationphone", Ignore),
        ("locationaddress", AddressLine1),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ITFLOW_CLIENTS_OLD: KnownExport = KnownExport {
    name: "ITFlow clients export",
    signature: &["clientname", "primaryaddress", "contactname"],
    organizations: &[
        ("clientname", Name),
        ("primaryaddress", AddressLine1),
        ("contactname", ContactFullName),
        ("contactphone", ContactPhone),
        ("contactmobile", ContactMobile),
        ("contactemail", ContactEmail),
        ("industry", AppendToNotes),
        ("referral", AppendToNotes),
    ],
    people: &[
        ("clientname", Company),
        ("contactname", FullName),
        ("contactphone", Phone),
        ("contactmobile", Mobile),
        ("contactemail", Email),
        ("primaryaddress", AddressLine1),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const ITFLOW_CONTACTS: KnownExport = KnownExport {
    name: "ITFlow contacts export",
    signature: &["name", "title", "department", "email", "ext", "mobile", "location"],
    organizations: &[],
    people: &[("name", FullName), ("title", JobTitle), ("ext", Ignore), ("location", Location)],
    name_path: None,
    // "RiversideClinic-Contacts-2026-05-01.csv": the client, squashed to ASCII letters and digits.
    company_in_file_name: Some("-Contacts-"),
    row_per_person: false,
};

const AUTOTASK_ORGANIZATIONS: KnownExport = KnownExport {
    name: "Autotask organizations export",
    signature: &["organizationidupdatesonly|accountidupdatesonly|companyidupdatesonly"],
    organizations: &[
        ("organizationidupdatesonly", Ignore),
        ("accountidupdatesonly", Ignore),
        ("companyidupdatesonly", Ignore),
        ("name", Name),
        ("accountname", Name),
        ("companyname", Name),
        ("number", AccountNumber),
        ("additionaladdressinformation", AppendToNotes),
        ("alternatephone1", Ignore),
        ("type", AppendToNotes),
        ("classification", AppendToNotes),
        ("owner", Ignore),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const AUTOTASK_CONTACTS: KnownExport = KnownExport {
    name: "Autotask contacts export",
    signature: &["contactidupdatesonly", "organizationname|accountname|companyname"],
    organizations: &[],
    people: &[
        ("organizationid", Ignore),
        ("contactidupdatesonly", Ignore),
        ("externalid", Ignore),
        ("organizationname", Company),
        ("accountname", Company),
        ("companyname", Company),
        ("prefix", Ignore),
        ("extension", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const CONNECTWISE_COMPANIES: KnownExport = KnownExport {
    name: "ConnectWise companies export",
    signature: &["companyid", "companyname", "territory|market"],
    organizations: &[
        ("companyid", AccountNumber),
        ("companyname", Name),
        ("territory", Ignore),
        ("market", Ignore),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const HALOPSA_USERS: KnownExport = KnownExport {
    name: "HaloPSA users export",
    signature: &["clientname", "sitename", "surname|emailaddress"],
    organizations: &[],
    people: &[("clientname", Company), ("sitename", Location), ("name", FirstName), ("surname", LastName)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const HALOPSA_SITES: KnownExport = KnownExport {
    name: "HaloPSA sites export",
    signature: &["clientname", "sitename"],
    organizations: &[
        // Each row is a site of a client: the client is its parent.
        ("sitename", Name),
        ("clientname", ParentAccount),
        ("mainsite", Ignore),
        ("reference", AccountNumber),
        ("accountmanager", Ignore),
    ],
    people: &[],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SYNCRO_CUSTOMERS: KnownExport = KnownExport {
    name: "Syncro customers export",
    signature: &["businessname", "firstname", "lastname", "getsms|referredby"],
    organizations: &[
        // Contacts refer to a customer by this number (their "customer_id").
        ("id", AccountNumber),
        ("businessname", Name),
        ("firstname", ContactFirstName),
        ("lastname", ContactLastName),
        ("address2", AddressLine2),
        ("mobilephone", ContactMobile),
        ("homephone", Ignore),
        ("disabled", Archived),
    ],
    people: &[
        ("id", CompanyAccountNumber),
        ("businessname", Company),
        ("address2", AddressLine2),
        ("mobilephone", Mobile),
        ("disabled", Archived),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const SYNCRO_CONTACTS: KnownExport = KnownExport {
    name: "Syncro contacts export",
    signature: &["customerid", "contactid", "name", "directreport|ticketmatchingemails"],
    organizations: &[],
    people: &[
        ("customerid", CompanyAccountNumber),
        ("contactid", Ignore),
        ("name", FullName),
        ("title", JobTitle),
        ("extension", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: false,
};

const OUTLOOK: KnownExport = KnownExport {
    name: "Outlook contacts export",
    signature: &["firstname", "lastname", "businessstreet", "emailaddress"],
    organizations: &[
        ("company", Name),
        ("title", Ignore),
        ("firstname", Ignore),
        ("lastname", Ignore),
        ("jobtitle", Ignore),
        ("department", Ignore),
        ("emailaddress", Ignore),
        ("mobilephone", Ignore),
        ("webpage", Website),
        ("account", Ignore),
    ],
    people: &[
        ("title", Ignore),
        ("company", Company),
        ("account", Ignore),
        ("officelocation", Location),
        ("location", Ignore),
    ],
    name_path: None,
    company_in_file_name: None,
    row_per_person: true,
};

const GOOGLE_CONTACTS: KnownExport = KnownExport {
    name: "Google Contacts export",
    signature: &["organizationname", "email1value|phone1value"],
    organizations: &[
        ("organizationname", Name),
        ("firstname", Ignore),
        ("lastname", Ignore),
        ("organizationtitle", Ignore),
        ("organizationdepartment", Ignore),
        ("email1value", Ignore),
    ],
    people: &[("organizationname", Company), ("labels", Ignore)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: true,
};

const GOOGLE_CONTACTS_OLD: KnownExport = KnownExport {
    name: "Google Contacts export",
    signature: &["givenname", "familyname", "email1value|phone1value"],
    organizations: &[("organization1name", Name), ("name", Ignore), ("email1value", Ignore)],
    people: &[("name", FullName), ("organization1name", Company), ("groupmembership", Ignore)],
    name_path: None,
    company_in_file_name: None,
    row_per_person: true,
};
