import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mappingTargets } from '../../core/ticket-import.js';
import { standardProperties, type Property } from '../../core/properties.js';
import { describeHeaders } from '../parse/header-info.js';
import { NO_MATCH, suggestMapping, type MappingSuggestions } from './suggest-mapping.js';
import { SAMPLES } from '../../../test/support/samples.js';

const customers = standardProperties('customers');
const users = standardProperties('users');

/** The suggested key per header, to compare whole mappings at a glance. */
const keys = (s: MappingSuggestions) => Object.fromEntries(Object.entries(s).map(([h, v]) => [h, v.key]));
const firstLine = (file: string, encoding: BufferEncoding, delimiter: string) =>
  readFileSync(`${SAMPLES}/${file}`, encoding).split(/\r?\n/)[0]!.split(delimiter);

describe('suggestMapping: the sample files', () => {
  it('maps the English customers.csv by exact labels and leaves Customer Since out', () => {
    const s = suggestMapping(firstLine('customers.csv', 'utf8', ','), customers);
    assert.deepEqual(keys(s), {
      Email: 'email',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Organization: 'organization',
      Phone: 'phone',
      Title: 'title',
      City: 'city',
      Country: 'country',
      'Customer Since': null,
    });
    assert.equal(s['First Name']!.reason, 'exact match of the label First Name');
    assert.equal(s['Customer Since']!.reason, NO_MATCH);
  });

  it('maps the French Excel headers and leaves Client depuis out', () => {
    const s = suggestMapping(firstLine('customers-fr-semicolon-latin1.csv', 'latin1', ';'), customers);
    assert.deepEqual(keys(s), {
      'E-mail': 'email',
      Prénom: 'firstName',
      Nom: 'lastName',
      Société: 'organization',
      Téléphone: 'phone',
      'Client depuis': null,
    });
    assert.equal(s['E-mail']!.reason, 'matches the label Email apart from case, accents, spaces or punctuation');
    assert.equal(s['Prénom']!.reason, 'French for First Name');
    assert.equal(s['Nom']!.reason, 'French for Last Name');
    assert.equal(s['Société']!.reason, 'French for Organization');
    assert.equal(s['Téléphone']!.reason, 'French for Phone');
    assert.equal(s['Client depuis']!.reason, NO_MATCH);
  });

  it('maps users.csv and tickets.csv', () => {
    assert.deepEqual(keys(suggestMapping(firstLine('users.csv', 'utf8', ','), users)), {
      Email: 'email',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Title: 'title',
      Department: 'department',
    });
    assert.deepEqual(keys(suggestMapping(firstLine('tickets.csv', 'utf8', ','), standardProperties('tickets'))), {
      Title: 'title',
      Description: 'description',
      Status: 'status',
      Priority: 'priority',
      'Customer Email': 'customerEmail',
      'Assignee Email': 'assigneeEmail',
      'Created Date': null,
    });
  });
});

describe('suggestMapping: exports of other tools', () => {
  it('reads a Google Contacts export (older format)', () => {
    const s = suggestMapping(
      [
        'Name',
        'Given Name',
        'Family Name',
        'Name Prefix',
        'E-mail 1 - Type',
        'E-mail 1 - Value',
        'E-mail 2 - Type',
        'E-mail 2 - Value',
        'Phone 1 - Type',
        'Phone 1 - Value',
        'Organization 1 - Type',
        'Organization 1 - Name',
        'Organization 1 - Title',
        'Address 1 - City',
        'Address 1 - Country',
      ],
      customers,
    );
    assert.deepEqual(keys(s), {
      Name: null,
      'Given Name': 'firstName',
      'Family Name': 'lastName',
      'Name Prefix': null,
      'E-mail 1 - Type': null,
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Type': null,
      'E-mail 2 - Value': null,
      'Phone 1 - Type': null,
      'Phone 1 - Value': 'phone',
      'Organization 1 - Type': null,
      'Organization 1 - Name': 'organization',
      'Organization 1 - Title': 'title',
      'Address 1 - City': 'city',
      'Address 1 - Country': 'country',
    });
    assert.equal(s['Given Name']!.reason, 'synonym from Google Contacts');
    assert.match(s['E-mail 1 - Type']!.reason, /Google Contacts column that says what kind of value/);
    assert.equal(s['E-mail 2 - Value']!.reason, 'column "E-mail 1 - Value" is a better match for Email');
  });

  it('reads a Google Contacts export (current format)', () => {
    const s = suggestMapping(
      [
        'First Name',
        'Middle Name',
        'Last Name',
        'Organization Name',
        'Organization Title',
        'E-mail 1 - Label',
        'E-mail 1 - Value',
        'Phone 1 - Label',
        'Phone 1 - Value',
        'Website 1 - Value',
      ],
      customers,
    );
    assert.deepEqual(keys(s), {
      'First Name': 'firstName',
      'Middle Name': null,
      'Last Name': 'lastName',
      'Organization Name': 'organization',
      'Organization Title': 'title',
      'E-mail 1 - Label': null,
      'E-mail 1 - Value': 'email',
      'Phone 1 - Label': null,
      'Phone 1 - Value': 'phone',
      'Website 1 - Value': 'website',
    });
  });

  it('reads an Outlook export, where Title is a salutation next to Job Title', () => {
    const headers = [
      'Title',
      'First Name',
      'Middle Name',
      'Last Name',
      'Suffix',
      'Company',
      'Department',
      'Job Title',
      'Business Street',
      'Business City',
      'Business State',
      'Business Postal Code',
      'Business Country/Region',
      'Home Street',
      'Business Phone',
      'Home Phone',
      'Mobile Phone',
      'E-mail Address',
      'E-mail Type',
      'E-mail Display Name',
      'E-mail 2 Address',
      'Notes',
      'Web Page',
    ];
    const s = suggestMapping(headers, customers);
    assert.deepEqual(keys(s), {
      Title: null,
      'First Name': 'firstName',
      'Middle Name': null,
      'Last Name': 'lastName',
      Suffix: null,
      Company: 'organization',
      Department: null,
      'Job Title': 'title',
      'Business Street': 'address',
      'Business City': 'city',
      'Business State': 'region',
      'Business Postal Code': 'postalCode',
      'Business Country/Region': 'country',
      'Home Street': null,
      'Business Phone': 'phone',
      'Home Phone': null,
      'Mobile Phone': 'mobile',
      'E-mail Address': 'email',
      'E-mail Type': null,
      'E-mail Display Name': null,
      'E-mail 2 Address': null,
      Notes: 'notes',
      'Web Page': 'website',
    });
    assert.match(s['Title']!.reason, /^column "Job Title" is used for Title: .*salutation/);
    assert.equal(s['E-mail 2 Address']!.reason, 'column "E-mail Address" is a better match for Email');
    assert.equal(s['Home Street']!.reason, 'column "Business Street" is a better match for Address');
    assert.equal(s['Company']!.reason, 'synonym from Outlook and Freshdesk');
    // Users have a department and no organization.
    assert.equal(suggestMapping(headers, users)['Department']!.key, 'department');
    assert.equal(suggestMapping(headers, users)['Company']!.key, null);
  });

  it('keeps Title as the job title when there is no Job Title column', () => {
    assert.equal(suggestMapping(['Email', 'Title'], customers)['Title']!.key, 'title');
  });

  it('reads a HubSpot contacts export', () => {
    const s = suggestMapping(
      [
        'Record ID',
        'First Name',
        'Last Name',
        'Email',
        'Phone Number',
        'Mobile Phone Number',
        'Job Title',
        'Company Name',
        'Street Address',
        'City',
        'State/Region',
        'Postal Code',
        'Country/Region',
        'Website URL',
        'Preferred language',
        'Time Zone',
      ],
      customers,
    );
    assert.deepEqual(keys(s), {
      'Record ID': null,
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Phone Number': 'phone',
      'Mobile Phone Number': 'mobile',
      'Job Title': 'title',
      'Company Name': 'organization',
      'Street Address': 'address',
      City: 'city',
      'State/Region': 'region',
      'Postal Code': 'postalCode',
      'Country/Region': 'country',
      'Website URL': 'website',
      'Preferred language': 'language',
      'Time Zone': 'timeZone',
    });
    assert.equal(s['Phone Number']!.reason, 'synonym from HubSpot');
  });

  it('reads a Zendesk users export', () => {
    const s = suggestMapping(['name', 'email', 'phone', 'role', 'organization', 'notes', 'details', 'time_zone', 'locale'], customers);
    assert.deepEqual(keys(s), {
      name: 'fullName',
      email: 'email',
      phone: 'phone',
      role: null,
      organization: 'organization',
      notes: 'notes',
      details: null,
      time_zone: 'timeZone',
      locale: 'language',
    });
    assert.equal(s['email']!.reason, 'exact match of the key email');
    assert.equal(s['time_zone']!.reason, 'matches the label Time Zone apart from case, accents, spaces or punctuation');
    assert.equal(s['details']!.reason, 'column "notes" is a better match for Notes');
    assert.equal(suggestMapping(['role'], users)['role']!.key, 'role');
  });

  it('reads a Freshdesk contacts export', () => {
    const s = suggestMapping(
      ['Full Name', 'Title', 'Email', 'Work Phone', 'Mobile Phone', 'Company', 'Address', 'Time Zone', 'Language', 'Description'],
      customers,
    );
    assert.deepEqual(keys(s), {
      'Full Name': 'fullName',
      Title: 'title',
      Email: 'email',
      'Work Phone': 'phone',
      'Mobile Phone': 'mobile',
      Company: 'organization',
      Address: 'address',
      'Time Zone': 'timeZone',
      Language: 'language',
      Description: 'notes',
    });
  });

  it('suggests a whole-name column as fullName only when no first or last name column is there', () => {
    for (const header of ['Name', 'Full Name', 'Contact Name', 'Display Name', 'Nom complet', 'Vollständiger Name', 'Nombre completo']) {
      const s = suggestMapping([header, 'Email'], customers, { kind: 'customers' });
      assert.equal(s[header]!.key, 'fullName', header);
      assert.match(s[header]!.reason, /split into First Name and Last Name/);
    }
    const two = suggestMapping(['Email', 'Name', 'Display Name'], users, { kind: 'users' });
    assert.deepEqual(keys(two), { Email: 'email', Name: 'fullName', 'Display Name': null });
    assert.equal(two['Display Name']!.reason, 'column "Name" is used for Full name');
    const google = suggestMapping(['Name', 'Given Name', 'Family Name'], customers, { kind: 'customers' });
    assert.equal(google['Name']!.key, null);
    assert.match(google['Name']!.reason, /First Name and Last Name columns are used instead/);
    assert.equal(suggestMapping(['Name', 'Domains'], standardProperties('organizations'), { kind: 'organizations' })['Name']!.key, 'name');
  });

  it('reads the ticket exports of Zendesk, Freshdesk, Zammad, osTicket, Help Scout, Jira Service Management and OneDesk', () => {
    const tickets = mappingTargets('tickets', standardProperties('tickets'));
    const suggest = (headers: string[]) => keys(suggestMapping(headers, tickets, { kind: 'tickets' }));
    assert.deepEqual(
      suggest([
        'Id',
        'Subject',
        'Status',
        'Priority',
        'Requester',
        'Requester email',
        'Assignee',
        'Assignee email',
        'Created at',
        'Updated at',
      ]),
      {
        Id: 'externalId',
        Subject: 'title',
        Status: 'status',
        Priority: 'priority',
        Requester: 'customerName',
        'Requester email': 'customerEmail',
        // A name, which would match nobody: only columns of addresses link a ticket to its people.
        Assignee: null,
        'Assignee email': 'assigneeEmail',
        'Created at': 'createdAt',
        'Updated at': 'updatedAt',
      },
    );
    assert.deepEqual(
      suggest(['Ticket ID', 'Subject', 'Description', 'Agent Email', 'Created time', 'Last update time', 'Requester Name']),
      {
        'Ticket ID': 'externalId',
        Subject: 'title',
        Description: 'description',
        'Agent Email': 'assigneeEmail',
        'Created time': 'createdAt',
        'Last update time': 'updatedAt',
        'Requester Name': 'customerName',
      },
    );
    assert.deepEqual(suggest(['number', 'title', 'state', 'priority', 'customer email', 'owner email', 'created_at', 'updated_at']), {
      number: 'externalId',
      title: 'title',
      state: 'status',
      priority: 'priority',
      'customer email': 'customerEmail',
      'owner email': 'assigneeEmail',
      created_at: 'createdAt',
      updated_at: 'updatedAt',
    });
    assert.deepEqual(suggest(['Ticket Number', 'Date Created', 'Subject', 'From', 'From Email', 'Current Status', 'Last Updated']), {
      'Ticket Number': 'externalId',
      'Date Created': 'createdAt',
      Subject: 'title',
      From: 'customerName',
      'From Email': 'customerEmail',
      'Current Status': 'status',
      'Last Updated': 'updatedAt',
    });
    assert.deepEqual(suggest(['Conversation ID', 'Subject', 'Status', 'Customer Name', 'Customer Email', 'Last Modified']), {
      'Conversation ID': 'externalId',
      Subject: 'title',
      Status: 'status',
      'Customer Name': 'customerName',
      'Customer Email': 'customerEmail',
      'Last Modified': 'updatedAt',
    });
    assert.deepEqual(
      suggest([
        'Issue key',
        'Summary',
        'Description',
        'Status',
        'Priority',
        'Reporter Email Address',
        'Assignee Email Address',
        'Created',
        'Updated',
      ]),
      {
        'Issue key': 'externalId',
        Summary: 'title',
        Description: 'description',
        Status: 'status',
        Priority: 'priority',
        'Reporter Email Address': 'customerEmail',
        'Assignee Email Address': 'assigneeEmail',
        Created: 'createdAt',
        Updated: 'updatedAt',
      },
    );
    assert.deepEqual(
      suggest([
        'Item ID',
        'Item Name',
        'Lifecycle Status',
        'Priority',
        'Requester Email',
        'Creation Date',
        'Last Modified Date',
        'Messages',
      ]),
      {
        'Item ID': 'externalId',
        'Item Name': 'title',
        'Lifecycle Status': 'status',
        Priority: 'priority',
        'Requester Email': 'customerEmail',
        'Creation Date': 'createdAt',
        'Last Modified Date': 'updatedAt',
        Messages: 'messages',
      },
    );
  });

  it('reads organizations exports', () => {
    const orgs = standardProperties('organizations');
    assert.deepEqual(keys(suggestMapping(['name', 'domain_names', 'details'], orgs)), {
      name: 'name',
      domain_names: 'domains',
      details: null,
    });
    assert.deepEqual(keys(suggestMapping(['Company name', 'Company Domain Name', 'Industry'], orgs)), {
      'Company name': 'name',
      'Company Domain Name': 'domains',
      Industry: null,
    });
    assert.deepEqual(keys(suggestMapping(['Société', 'Domaine'], orgs)), { Société: 'name', Domaine: 'domains' });
  });
});

describe('suggestMapping: Excel sheets in other languages', () => {
  const cases: Array<[string, string[], string]> = [
    ['German', ['Vorname', 'Nachname', 'E-Mail', 'Firma', 'Telefon', 'Handy', 'Stadt', 'Land', 'PLZ'], 'German for First Name'],
    [
      'Spanish',
      ['Nombre', 'Apellido', 'Correo electrónico', 'Empresa', 'Teléfono', 'Móvil', 'Ciudad', 'País', 'Código postal'],
      'Spanish for First Name',
    ],
    [
      'Italian',
      ['Nome', 'Cognome', 'Email', 'Azienda', 'Telefono', 'Cellulare', 'Città', 'Paese', 'CAP'],
      'Italian or Portuguese for First Name',
    ],
    [
      'Portuguese',
      ['Nome', 'Sobrenome', 'E-mail', 'Empresa', 'Telefone', 'Telemóvel', 'Cidade', 'País', 'CEP'],
      'Italian or Portuguese for First Name',
    ],
    [
      'Dutch',
      ['Voornaam', 'Achternaam', 'E-mailadres', 'Bedrijf', 'Telefoon', 'Mobiel', 'Plaats', 'Land', 'Postcode'],
      'Dutch for First Name',
    ],
    [
      'French',
      ['Prénom', 'Nom', 'Courriel', 'Entreprise', 'Téléphone', 'Portable', 'Ville', 'Pays', 'Code postal'],
      'French for First Name',
    ],
  ];
  for (const [language, headers, reason] of cases) {
    it(`maps a sheet headed in ${language}`, () => {
      const s = suggestMapping(headers, customers);
      assert.deepEqual(
        Object.values(s).map((v) => v.key),
        ['firstName', 'lastName', 'email', 'organization', 'phone', 'mobile', 'city', 'country', 'postalCode'],
        language,
      );
      assert.equal(s[headers[0]!]!.reason, reason);
    });
  }

  it('names the language the header is spelled in', () => {
    assert.equal(suggestMapping(['Teléfono'], customers)['Teléfono']!.reason, 'Spanish for Phone');
    assert.equal(suggestMapping(['Telefono'], customers)['Telefono']!.reason, 'Italian for Phone');
    assert.equal(suggestMapping(['Land'], customers)['Land']!.reason, 'German or Dutch for Country');
  });
});

describe('suggestMapping: one property, one column', () => {
  it('prefers an exact match to a loose one, and a loose one to a synonym', () => {
    const s = suggestMapping(['E-mail Address', 'E-mail', 'Email'], customers);
    assert.deepEqual(keys(s), { 'E-mail Address': null, 'E-mail': null, Email: 'email' });
    assert.equal(s['E-mail']!.reason, 'column "Email" is a better match for Email');
    assert.equal(s['E-mail Address']!.reason, 'column "Email" is a better match for Email');
  });

  it('ranks synonyms by priority, whatever the order of the columns', () => {
    assert.deepEqual(keys(suggestMapping(['E-mail 2 - Value', 'E-mail 1 - Type', 'E-mail 1 - Value'], customers)), {
      'E-mail 2 - Value': null,
      'E-mail 1 - Type': null,
      'E-mail 1 - Value': 'email',
    });
    assert.deepEqual(keys(suggestMapping(['E-mail 2 Address', 'E-mail Address'], customers)), {
      'E-mail 2 Address': null,
      'E-mail Address': 'email',
    });
  });

  it('lets Job Title win over a Title column that matches the label exactly', () => {
    const s = suggestMapping(['Title', 'Job Title'], customers);
    assert.deepEqual(keys(s), { Title: null, 'Job Title': 'title' });
  });

  it('gives a tie to the leftmost column and says so', () => {
    const s = suggestMapping(['Email', 'Email'], customers);
    assert.deepEqual(keys(s), { Email: 'email', 'Email (2)': null });
    assert.equal(s['Email (2)']!.reason, 'column "Email" matches Email as well and comes first');
  });
});

describe('suggestMapping: properties and kinds', () => {
  const custom: Property = { key: 'vipLevel', label: 'VIP Level', type: 'text', required: false, custom: true };

  it('matches custom properties by label and key', () => {
    assert.deepEqual(keys(suggestMapping(['VIP level', 'vip_level'], [...customers, custom])), {
      'VIP level': 'vipLevel',
      vip_level: null,
    });
  });

  it('never suggests a read-only property', () => {
    const props = customers.map((p) => (p.key === 'status' ? { ...p, readOnly: true } : p));
    assert.equal(suggestMapping(['Status'], props)['Status']!.key, null);
  });

  it('takes headers as read by the parser, keyed by their labels', () => {
    const { headers } = describeHeaders(['Email', '', 'Email']);
    assert.deepEqual(keys(suggestMapping(headers, customers)), { Email: 'email', 'Column 2': null, 'Email (2)': null });
  });

  it('uses the synonyms of the kind it is told, or of the kind the properties belong to', () => {
    const subset = customers.filter((p) => p.key === 'title' || p.key === 'email');
    assert.equal(suggestMapping(['Subject'], customers)['Subject']!.key, null);
    assert.equal(suggestMapping(['Subject'], standardProperties('tickets'))['Subject']!.key, 'title');
    assert.equal(suggestMapping(['Job Title'], subset)['Job Title']!.key, null);
    assert.equal(suggestMapping(['Job Title'], subset, { kind: 'customers' })['Job Title']!.key, 'title');
  });

  it('returns nothing for no headers', () => {
    assert.deepEqual(suggestMapping([], customers), {});
  });
});
