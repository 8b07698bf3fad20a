import type { RecordKind } from '../../core/record-kind.js';

/** Where a synonym comes from: an export format, or a language a spreadsheet was written in. */
export type SynonymSource =
  | 'Google Contacts'
  | 'Outlook'
  | 'HubSpot'
  | 'Zendesk'
  | 'Freshdesk'
  | 'Zammad'
  | 'osTicket'
  | 'Help Scout'
  | 'Jira Service Management'
  | 'OneDesk'
  | 'English'
  | 'French'
  | 'German'
  | 'Spanish'
  | 'Italian'
  | 'Portuguese'
  | 'Dutch';

export const LANGUAGES: ReadonlySet<SynonymSource> = new Set(['French', 'German', 'Spanish', 'Italian', 'Portuguese', 'Dutch']);

export interface Synonym {
  /** The header as the source writes it; matched after `normalizeHeader`. */
  header: string;
  key: string;
  source: SynonymSource;
  /**
   * Decides between synonyms for the same property: the primary column of an export (90)
   * beats the second address or phone (40), which beats the third (30) or a home one (20).
   */
  priority: number;
  /**
   * Headers (normalised) this synonym wins against even when they match the property better,
   * with the reason the loser is given.
   */
  beats?: { headers: string[]; reason: string };
}

/** Record kinds share synonyms by what their records are. */
export type SynonymGroup = 'people' | 'organizations' | 'tickets';

export const SYNONYM_GROUP: Record<RecordKind, SynonymGroup> = {
  users: 'people',
  customers: 'people',
  organizations: 'organizations',
  tickets: 'tickets',
};

const PRIMARY = 90;
const LANGUAGE = 80;
const ENGLISH = 70;
const SECOND = 40;
const THIRD = 30;
const HOME = 20;

function add(list: Synonym[], key: string, source: SynonymSource, priority: number, ...headers: string[]): void {
  for (const header of headers) list.push({ header, key, source, priority });
}

const people: Synonym[] = [];
{
  const p = people;
  // Email
  add(p, 'email', 'Google Contacts', PRIMARY, 'E-mail 1 - Value');
  add(p, 'email', 'Google Contacts', SECOND, 'E-mail 2 - Value');
  add(p, 'email', 'Google Contacts', THIRD, 'E-mail 3 - Value');
  add(p, 'email', 'Outlook', PRIMARY, 'E-mail Address');
  add(p, 'email', 'Outlook', SECOND, 'E-mail 2 Address');
  add(p, 'email', 'Outlook', THIRD, 'E-mail 3 Address');
  add(p, 'email', 'Freshdesk', SECOND, 'Work Email');
  add(p, 'email', 'English', ENGLISH, 'Mail', 'Email Address', 'Primary Email', 'Email ID');
  add(p, 'email', 'French', LANGUAGE, 'Courriel', 'Adresse e-mail', 'Adresse électronique', 'Adresse mail', 'Mél');
  add(p, 'email', 'German', LANGUAGE, 'E-Mail-Adresse', 'Mailadresse');
  add(p, 'email', 'Spanish', LANGUAGE, 'Correo electrónico', 'Correo', 'Dirección de correo electrónico');
  add(p, 'email', 'Italian', LANGUAGE, 'Indirizzo email', 'Indirizzo e-mail', 'Posta elettronica');
  add(p, 'email', 'Portuguese', LANGUAGE, 'Endereço de e-mail', 'Endereço de email', 'Correio eletrónico', 'Correio eletrônico');
  add(p, 'email', 'Dutch', LANGUAGE, 'E-mailadres', 'Emailadres');
  // First name
  add(p, 'firstName', 'Google Contacts', PRIMARY, 'Given Name');
  add(p, 'firstName', 'English', ENGLISH, 'First', 'Forename', 'Given', 'First Names');
  add(p, 'firstName', 'French', LANGUAGE, 'Prénom');
  add(p, 'firstName', 'German', LANGUAGE, 'Vorname', 'Rufname');
  add(p, 'firstName', 'Spanish', LANGUAGE, 'Nombre', 'Nombres', 'Nombre de pila');
  add(p, 'firstName', 'Italian', LANGUAGE, 'Nome');
  add(p, 'firstName', 'Portuguese', LANGUAGE, 'Nome', 'Primeiro nome');
  add(p, 'firstName', 'Dutch', LANGUAGE, 'Voornaam', 'Roepnaam');
  // Last name
  add(p, 'lastName', 'Google Contacts', PRIMARY, 'Family Name');
  add(p, 'lastName', 'English', ENGLISH, 'Surname', 'Last', 'Family');
  add(p, 'lastName', 'French', LANGUAGE, 'Nom', 'Nom de famille');
  add(p, 'lastName', 'German', LANGUAGE, 'Nachname', 'Familienname', 'Zuname');
  add(p, 'lastName', 'Spanish', LANGUAGE, 'Apellido', 'Apellidos');
  add(p, 'lastName', 'Italian', LANGUAGE, 'Cognome');
  add(p, 'lastName', 'Portuguese', LANGUAGE, 'Sobrenome', 'Apelido', 'Último nome');
  add(p, 'lastName', 'Dutch', LANGUAGE, 'Achternaam', 'Familienaam');
  // Job title; Outlook's own "Title" is a salutation (Mr., Ms.), so its "Job Title" wins over it.
  people.push({
    header: 'Job Title',
    key: 'title',
    source: 'Outlook',
    priority: PRIMARY,
    beats: { headers: ['title'], reason: 'next to a Job Title column, a Title column is the salutation (Mr., Ms.) as in Outlook exports' },
  });
  add(p, 'title', 'HubSpot', PRIMARY, 'Job Title');
  add(p, 'title', 'Freshdesk', PRIMARY, 'Job Title');
  add(p, 'title', 'Google Contacts', PRIMARY, 'Organization 1 - Title', 'Organization Title');
  add(p, 'title', 'Google Contacts', SECOND, 'Organization 2 - Title');
  add(p, 'title', 'English', ENGLISH, 'Position', 'Job', 'Job Position', 'Designation', 'Occupation');
  add(p, 'title', 'French', LANGUAGE, 'Fonction', 'Poste', 'Intitulé de poste');
  add(p, 'title', 'German', LANGUAGE, 'Berufsbezeichnung', 'Jobtitel', 'Funktion', 'Stellenbezeichnung');
  add(p, 'title', 'Spanish', LANGUAGE, 'Cargo', 'Puesto');
  add(p, 'title', 'Italian', LANGUAGE, 'Qualifica', 'Ruolo', 'Mansione');
  add(p, 'title', 'Portuguese', LANGUAGE, 'Função', 'Cargo');
  add(p, 'title', 'Dutch', LANGUAGE, 'Functie', 'Functietitel');
  // Phone
  add(p, 'phone', 'Google Contacts', PRIMARY, 'Phone 1 - Value');
  add(p, 'phone', 'Google Contacts', SECOND, 'Phone 2 - Value');
  add(p, 'phone', 'Google Contacts', THIRD, 'Phone 3 - Value');
  add(p, 'phone', 'Outlook', PRIMARY, 'Business Phone');
  add(p, 'phone', 'Outlook', 85, 'Primary Phone');
  add(p, 'phone', 'Outlook', SECOND, 'Company Main Phone', 'Business Phone 2');
  add(p, 'phone', 'Outlook', HOME, 'Home Phone', 'Other Phone');
  add(p, 'phone', 'HubSpot', PRIMARY, 'Phone Number');
  add(p, 'phone', 'Freshdesk', PRIMARY, 'Work Phone');
  add(p, 'phone', 'English', ENGLISH, 'Telephone', 'Tel', 'Phone No', 'Office Phone', 'Business Telephone', 'Landline');
  add(p, 'phone', 'French', LANGUAGE, 'Téléphone', 'Tél', 'Téléphone fixe', 'Téléphone professionnel', 'Numéro de téléphone');
  add(p, 'phone', 'German', LANGUAGE, 'Telefon', 'Telefonnummer', 'Tel.-Nr.', 'Festnetz');
  add(p, 'phone', 'Spanish', LANGUAGE, 'Teléfono', 'Número de teléfono');
  add(p, 'phone', 'Italian', LANGUAGE, 'Telefono', 'Numero di telefono');
  add(p, 'phone', 'Portuguese', LANGUAGE, 'Telefone', 'Número de telefone');
  add(p, 'phone', 'Dutch', LANGUAGE, 'Telefoon', 'Telefoonnummer');
  // Mobile
  add(p, 'mobile', 'Outlook', PRIMARY, 'Mobile Phone');
  add(p, 'mobile', 'Freshdesk', PRIMARY, 'Mobile Phone');
  add(p, 'mobile', 'HubSpot', PRIMARY, 'Mobile Phone Number');
  add(p, 'mobile', 'English', ENGLISH, 'Cell', 'Cell Phone', 'Cellphone', 'Mobile Number', 'Mobile No');
  add(p, 'mobile', 'French', LANGUAGE, 'Portable', 'Téléphone portable', 'Mobile perso', 'Téléphone mobile');
  add(p, 'mobile', 'German', LANGUAGE, 'Handy', 'Mobiltelefon', 'Mobilnummer', 'Handynummer');
  add(p, 'mobile', 'Spanish', LANGUAGE, 'Móvil', 'Teléfono móvil', 'Celular');
  add(p, 'mobile', 'Italian', LANGUAGE, 'Cellulare');
  add(p, 'mobile', 'Portuguese', LANGUAGE, 'Telemóvel', 'Telefone celular');
  add(p, 'mobile', 'Dutch', LANGUAGE, 'Mobiel', 'Mobiele telefoon', 'Mobiel nummer', 'GSM');
  // Organization
  add(p, 'organization', 'Google Contacts', PRIMARY, 'Organization 1 - Name', 'Organization Name');
  add(p, 'organization', 'Google Contacts', SECOND, 'Organization 2 - Name');
  add(p, 'organization', 'Outlook', PRIMARY, 'Company');
  add(p, 'organization', 'Freshdesk', PRIMARY, 'Company');
  add(p, 'organization', 'HubSpot', PRIMARY, 'Company Name');
  add(p, 'organization', 'HubSpot', SECOND, 'Associated Company');
  add(p, 'organization', 'English', ENGLISH, 'Organisation', 'Org', 'Account', 'Account Name', 'Employer', 'Business');
  add(p, 'organization', 'French', LANGUAGE, 'Société', 'Entreprise', 'Raison sociale', 'Organisation');
  add(p, 'organization', 'German', LANGUAGE, 'Firma', 'Unternehmen', 'Organisation', 'Firmenname');
  add(p, 'organization', 'Spanish', LANGUAGE, 'Empresa', 'Compañía', 'Organización');
  add(p, 'organization', 'Italian', LANGUAGE, 'Azienda', 'Società', 'Organizzazione', 'Ditta');
  add(p, 'organization', 'Portuguese', LANGUAGE, 'Empresa', 'Organização', 'Companhia');
  add(p, 'organization', 'Dutch', LANGUAGE, 'Bedrijf', 'Organisatie', 'Bedrijfsnaam');
  // Department
  add(p, 'department', 'Google Contacts', PRIMARY, 'Organization 1 - Department', 'Organization Department');
  add(p, 'department', 'English', ENGLISH, 'Dept', 'Team', 'Division');
  add(p, 'department', 'French', LANGUAGE, 'Service', 'Département');
  add(p, 'department', 'German', LANGUAGE, 'Abteilung');
  add(p, 'department', 'Spanish', LANGUAGE, 'Departamento');
  add(p, 'department', 'Italian', LANGUAGE, 'Dipartimento', 'Reparto');
  add(p, 'department', 'Portuguese', LANGUAGE, 'Departamento', 'Setor');
  add(p, 'department', 'Dutch', LANGUAGE, 'Afdeling');
  // Address
  add(p, 'address', 'Google Contacts', PRIMARY, 'Address 1 - Street');
  add(p, 'address', 'Google Contacts', SECOND, 'Address 1 - Formatted');
  add(p, 'address', 'Outlook', PRIMARY, 'Business Street');
  add(p, 'address', 'Outlook', HOME, 'Home Street');
  add(p, 'address', 'HubSpot', PRIMARY, 'Street Address');
  add(p, 'address', 'English', ENGLISH, 'Street', 'Address Line 1', 'Address 1', 'Street Address 1', 'Mailing Address');
  add(p, 'address', 'French', LANGUAGE, 'Adresse', 'Rue', 'Adresse postale');
  add(p, 'address', 'German', LANGUAGE, 'Straße', 'Anschrift', 'Adresse');
  add(p, 'address', 'Spanish', LANGUAGE, 'Dirección', 'Calle');
  add(p, 'address', 'Italian', LANGUAGE, 'Indirizzo', 'Via');
  add(p, 'address', 'Portuguese', LANGUAGE, 'Endereço', 'Morada', 'Rua');
  add(p, 'address', 'Dutch', LANGUAGE, 'Adres', 'Straat');
  // City
  add(p, 'city', 'Google Contacts', PRIMARY, 'Address 1 - City');
  add(p, 'city', 'Outlook', PRIMARY, 'Business City');
  add(p, 'city', 'Outlook', HOME, 'Home City');
  add(p, 'city', 'English', ENGLISH, 'Town', 'Town/City', 'Locality');
  add(p, 'city', 'French', LANGUAGE, 'Ville', 'Localité', 'Commune');
  add(p, 'city', 'German', LANGUAGE, 'Stadt', 'Ort', 'Wohnort');
  add(p, 'city', 'Spanish', LANGUAGE, 'Ciudad', 'Localidad', 'Población');
  add(p, 'city', 'Italian', LANGUAGE, 'Città', 'Comune', 'Località');
  add(p, 'city', 'Portuguese', LANGUAGE, 'Cidade', 'Localidade');
  add(p, 'city', 'Dutch', LANGUAGE, 'Plaats', 'Stad', 'Woonplaats', 'Gemeente');
  // Region
  add(p, 'region', 'Google Contacts', PRIMARY, 'Address 1 - Region');
  add(p, 'region', 'Outlook', PRIMARY, 'Business State');
  add(p, 'region', 'Outlook', HOME, 'Home State');
  add(p, 'region', 'HubSpot', PRIMARY, 'State/Region');
  add(p, 'region', 'English', ENGLISH, 'State', 'Province', 'County', 'State/Province');
  add(p, 'region', 'French', LANGUAGE, 'Province');
  add(p, 'region', 'German', LANGUAGE, 'Bundesland', 'Kanton');
  add(p, 'region', 'Spanish', LANGUAGE, 'Provincia', 'Comunidad autónoma');
  add(p, 'region', 'Italian', LANGUAGE, 'Regione', 'Provincia');
  add(p, 'region', 'Portuguese', LANGUAGE, 'Estado', 'Distrito');
  add(p, 'region', 'Dutch', LANGUAGE, 'Provincie');
  // Postal code
  add(p, 'postalCode', 'Google Contacts', PRIMARY, 'Address 1 - Postal Code');
  add(p, 'postalCode', 'Outlook', PRIMARY, 'Business Postal Code');
  add(p, 'postalCode', 'Outlook', HOME, 'Home Postal Code');
  add(p, 'postalCode', 'English', ENGLISH, 'Zip', 'ZIP Code', 'Zipcode', 'Postcode', 'Post Code', 'Postal');
  add(p, 'postalCode', 'French', LANGUAGE, 'Code postal', 'CP');
  add(p, 'postalCode', 'German', LANGUAGE, 'Postleitzahl', 'PLZ');
  add(p, 'postalCode', 'Spanish', LANGUAGE, 'Código postal');
  add(p, 'postalCode', 'Italian', LANGUAGE, 'CAP', 'Codice postale');
  add(p, 'postalCode', 'Portuguese', LANGUAGE, 'CEP', 'Código Postal');
  // Country
  add(p, 'country', 'Google Contacts', PRIMARY, 'Address 1 - Country');
  add(p, 'country', 'Outlook', PRIMARY, 'Business Country/Region', 'Business Country');
  add(p, 'country', 'Outlook', HOME, 'Home Country/Region');
  add(p, 'country', 'HubSpot', PRIMARY, 'Country/Region');
  add(p, 'country', 'English', ENGLISH, 'Nation', 'Country Name', 'Country Code');
  add(p, 'country', 'French', LANGUAGE, 'Pays');
  add(p, 'country', 'German', LANGUAGE, 'Land', 'Staat');
  add(p, 'country', 'Spanish', LANGUAGE, 'País');
  add(p, 'country', 'Italian', LANGUAGE, 'Paese', 'Nazione');
  add(p, 'country', 'Portuguese', LANGUAGE, 'País');
  add(p, 'country', 'Dutch', LANGUAGE, 'Land');
  // Website
  add(p, 'website', 'Google Contacts', PRIMARY, 'Website 1 - Value');
  add(p, 'website', 'Outlook', PRIMARY, 'Web Page');
  add(p, 'website', 'HubSpot', PRIMARY, 'Website URL');
  add(p, 'website', 'English', ENGLISH, 'URL', 'Homepage', 'Web', 'Site');
  add(p, 'website', 'French', LANGUAGE, 'Site web', 'Site Internet');
  add(p, 'website', 'German', LANGUAGE, 'Webseite', 'Internetseite');
  add(p, 'website', 'Spanish', LANGUAGE, 'Sitio web', 'Página web');
  add(p, 'website', 'Italian', LANGUAGE, 'Sito web', 'Sito');
  add(p, 'website', 'Portuguese', LANGUAGE, 'Página da web', 'Sítio web');
  // Language, time zone, notes
  add(p, 'language', 'HubSpot', PRIMARY, 'Preferred language');
  add(p, 'language', 'Zendesk', PRIMARY, 'Locale');
  add(p, 'language', 'French', LANGUAGE, 'Langue');
  add(p, 'language', 'German', LANGUAGE, 'Sprache');
  add(p, 'language', 'Spanish', LANGUAGE, 'Idioma');
  add(p, 'language', 'Italian', LANGUAGE, 'Lingua');
  add(p, 'language', 'Dutch', LANGUAGE, 'Taal');
  add(p, 'timeZone', 'English', ENGLISH, 'TZ', 'Time Zone Name');
  add(p, 'timeZone', 'French', LANGUAGE, 'Fuseau horaire');
  add(p, 'timeZone', 'German', LANGUAGE, 'Zeitzone');
  add(p, 'timeZone', 'Spanish', LANGUAGE, 'Zona horaria');
  add(p, 'timeZone', 'Italian', LANGUAGE, 'Fuso orario');
  add(p, 'timeZone', 'Portuguese', LANGUAGE, 'Fuso horário');
  add(p, 'timeZone', 'Dutch', LANGUAGE, 'Tijdzone');
  add(p, 'notes', 'Zendesk', PRIMARY, 'Details');
  add(p, 'notes', 'Freshdesk', PRIMARY, 'Description');
  add(p, 'notes', 'English', ENGLISH, 'Note', 'Comments', 'Comment', 'Remarks');
  add(p, 'notes', 'French', LANGUAGE, 'Remarques', 'Commentaires', 'Commentaire');
  add(p, 'notes', 'German', LANGUAGE, 'Notizen', 'Bemerkungen', 'Anmerkungen', 'Kommentar');
  add(p, 'notes', 'Spanish', LANGUAGE, 'Notas', 'Comentarios', 'Observaciones');
  add(p, 'notes', 'Italian', LANGUAGE, 'Note', 'Commenti');
  add(p, 'notes', 'Portuguese', LANGUAGE, 'Notas', 'Observações', 'Comentários');
  add(p, 'notes', 'Dutch', LANGUAGE, 'Notities', 'Opmerkingen');
}

const organizations: Synonym[] = [];
{
  const o = organizations;
  add(o, 'name', 'HubSpot', PRIMARY, 'Company name');
  add(o, 'name', 'Freshdesk', PRIMARY, 'Company Name');
  add(
    o,
    'name',
    'English',
    ENGLISH,
    'Organization',
    'Organisation',
    'Company',
    'Organization Name',
    'Account Name',
    'Account',
    'Business Name',
  );
  add(o, 'name', 'French', LANGUAGE, 'Nom', 'Société', 'Entreprise', 'Raison sociale', 'Organisation');
  add(o, 'name', 'German', LANGUAGE, 'Firma', 'Unternehmen', 'Firmenname', 'Organisation');
  add(o, 'name', 'Spanish', LANGUAGE, 'Nombre', 'Empresa', 'Compañía', 'Organización');
  add(o, 'name', 'Italian', LANGUAGE, 'Nome', 'Azienda', 'Società', 'Organizzazione');
  add(o, 'name', 'Portuguese', LANGUAGE, 'Nome');
  add(o, 'name', 'Portuguese', LANGUAGE, 'Empresa', 'Organização');
  add(o, 'name', 'Dutch', LANGUAGE, 'Naam', 'Bedrijf', 'Organisatie', 'Bedrijfsnaam');
  add(o, 'domains', 'Zendesk', PRIMARY, 'Domain Names');
  add(o, 'domains', 'HubSpot', PRIMARY, 'Company Domain Name');
  add(o, 'domains', 'English', ENGLISH, 'Domain', 'Email Domain', 'Domain Name', 'Web Domain');
  add(o, 'domains', 'French', LANGUAGE, 'Domaine', 'Domaines');
  add(o, 'domains', 'German', LANGUAGE, 'Domäne', 'Domänen');
  add(o, 'domains', 'Spanish', LANGUAGE, 'Dominio', 'Dominios');
  add(o, 'domains', 'Italian', LANGUAGE, 'Domini');
  add(o, 'domains', 'Portuguese', LANGUAGE, 'Domínio', 'Domínios');
  add(o, 'domains', 'Dutch', LANGUAGE, 'Domein', 'Domeinen', 'Domeinnaam');
}

const tickets: Synonym[] = [];
{
  const t = tickets;
  // A ticket's id or number in the helpdesk it comes from is its External ID: Roster numbers
  // the tickets it imports itself, and the id lets the same export be imported again as updates.
  add(t, 'externalId', 'Zendesk', PRIMARY, 'Id');
  add(t, 'externalId', 'Freshdesk', PRIMARY, 'Ticket ID');
  add(t, 'externalId', 'Zammad', PRIMARY, 'Number');
  add(t, 'externalId', 'osTicket', PRIMARY, 'Ticket Number');
  add(t, 'externalId', 'Help Scout', PRIMARY, 'Conversation ID', 'Conversation Number');
  add(t, 'externalId', 'Jira Service Management', PRIMARY, 'Issue key', 'Issue id');
  add(t, 'externalId', 'OneDesk', PRIMARY, 'Item ID', 'Item Number');
  add(t, 'externalId', 'English', ENGLISH, 'Ticket No', 'Ticket #', 'Case Number', 'No', 'Ticket Ref', 'Reference');
  add(t, 'externalId', 'French', LANGUAGE, 'Numéro', 'Numéro de ticket', 'N°');
  add(t, 'externalId', 'German', LANGUAGE, 'Nummer', 'Ticketnummer');
  add(t, 'externalId', 'Spanish', LANGUAGE, 'Número', 'Número de ticket');
  add(t, 'externalId', 'Italian', LANGUAGE, 'Numero', 'Numero ticket');
  add(t, 'externalId', 'Dutch', LANGUAGE, 'Ticketnummer');
  add(t, 'title', 'Zendesk', PRIMARY, 'Subject');
  add(t, 'title', 'HubSpot', PRIMARY, 'Ticket name');
  add(t, 'title', 'OneDesk', PRIMARY, 'Item Name');
  add(t, 'title', 'English', ENGLISH, 'Summary', 'Ticket Title', 'Topic');
  add(t, 'title', 'French', LANGUAGE, 'Objet', 'Sujet', 'Titre');
  add(t, 'title', 'German', LANGUAGE, 'Betreff', 'Titel');
  add(t, 'title', 'Spanish', LANGUAGE, 'Asunto', 'Título');
  add(t, 'title', 'Italian', LANGUAGE, 'Oggetto', 'Titolo');
  add(t, 'title', 'Portuguese', LANGUAGE, 'Assunto');
  add(t, 'title', 'Dutch', LANGUAGE, 'Onderwerp');
  add(t, 'description', 'HubSpot', PRIMARY, 'Ticket description');
  add(t, 'description', 'English', ENGLISH, 'Body', 'Details', 'Message', 'Question', 'Problem');
  add(t, 'description', 'French', LANGUAGE, 'Détails', 'Message');
  add(t, 'description', 'German', LANGUAGE, 'Beschreibung', 'Nachricht');
  add(t, 'description', 'Spanish', LANGUAGE, 'Descripción', 'Mensaje');
  add(t, 'description', 'Italian', LANGUAGE, 'Descrizione', 'Messaggio');
  add(t, 'description', 'Portuguese', LANGUAGE, 'Descrição', 'Mensagem');
  add(t, 'description', 'Dutch', LANGUAGE, 'Omschrijving', 'Beschrijving', 'Bericht');
  add(t, 'status', 'HubSpot', PRIMARY, 'Ticket status');
  add(t, 'status', 'osTicket', PRIMARY, 'Current Status');
  add(t, 'status', 'OneDesk', PRIMARY, 'Lifecycle Status');
  add(t, 'status', 'English', ENGLISH, 'State');
  add(t, 'status', 'French', LANGUAGE, 'Statut', 'État');
  add(t, 'status', 'Spanish', LANGUAGE, 'Estado');
  add(t, 'status', 'Italian', LANGUAGE, 'Stato');
  add(t, 'status', 'Portuguese', LANGUAGE, 'Situação');
  add(t, 'priority', 'English', ENGLISH, 'Urgency', 'Severity');
  add(t, 'priority', 'French', LANGUAGE, 'Priorité', 'Urgence');
  add(t, 'priority', 'German', LANGUAGE, 'Priorität', 'Dringlichkeit');
  add(t, 'priority', 'Spanish', LANGUAGE, 'Prioridad');
  add(t, 'priority', 'Italian', LANGUAGE, 'Priorità');
  add(t, 'priority', 'Portuguese', LANGUAGE, 'Prioridade');
  add(t, 'priority', 'Dutch', LANGUAGE, 'Prioriteit');
  // Only columns holding addresses: "Requester", "Agent" or "Assignee" hold names, which would match nobody.
  add(t, 'customerEmail', 'Zendesk', PRIMARY, 'Requester email');
  add(t, 'customerEmail', 'Freshdesk', PRIMARY, 'Requester Email');
  add(t, 'customerEmail', 'osTicket', PRIMARY, 'From Email');
  add(t, 'customerEmail', 'Jira Service Management', PRIMARY, 'Reporter Email Address');
  add(t, 'customerEmail', 'English', ENGLISH, 'Contact Email', 'Email', 'Reporter Email', 'From Email', 'Requester E-mail Address');
  add(t, 'customerEmail', 'French', LANGUAGE, 'E-mail du client', 'Courriel du client', 'Adresse e-mail du client');
  add(t, 'customerEmail', 'German', LANGUAGE, 'Kunden-E-Mail', 'E-Mail des Kunden');
  add(t, 'customerEmail', 'Spanish', LANGUAGE, 'Correo del cliente', 'Correo electrónico del cliente');
  add(t, 'customerEmail', 'Italian', LANGUAGE, 'Email cliente', 'Email del cliente');
  add(t, 'customerEmail', 'Portuguese', LANGUAGE, 'E-mail do cliente', 'Email do cliente');
  add(t, 'customerEmail', 'Dutch', LANGUAGE, 'E-mail klant', 'E-mailadres klant');
  add(t, 'assigneeEmail', 'Zammad', PRIMARY, 'Owner Email');
  add(t, 'assigneeEmail', 'Jira Service Management', PRIMARY, 'Assignee Email Address');
  add(t, 'assigneeEmail', 'English', ENGLISH, 'Agent Email', 'Agent E-mail', 'Assigned To Email');
  // The historical dates, as each export names them ("Created at" and "Updated at" are their keys).
  add(t, 'createdAt', 'Freshdesk', PRIMARY, 'Created time');
  add(t, 'createdAt', 'osTicket', PRIMARY, 'Date Created');
  add(t, 'createdAt', 'Jira Service Management', PRIMARY, 'Created');
  add(t, 'createdAt', 'OneDesk', PRIMARY, 'Creation Date');
  add(t, 'createdAt', 'English', ENGLISH, 'Date Opened', 'Opened', 'Opened At', 'Created On', 'Date');
  add(t, 'createdAt', 'French', LANGUAGE, 'Date de création', 'Créé le');
  add(t, 'createdAt', 'German', LANGUAGE, 'Erstellt am', 'Erstellungsdatum');
  add(t, 'createdAt', 'Spanish', LANGUAGE, 'Fecha de creación');
  add(t, 'updatedAt', 'Freshdesk', PRIMARY, 'Last update time');
  add(t, 'updatedAt', 'osTicket', PRIMARY, 'Last Updated');
  add(t, 'updatedAt', 'Help Scout', PRIMARY, 'Last Modified');
  add(t, 'updatedAt', 'Jira Service Management', PRIMARY, 'Updated');
  add(t, 'updatedAt', 'OneDesk', PRIMARY, 'Last Modified Date');
  add(t, 'updatedAt', 'English', ENGLISH, 'Modified', 'Last Modified At', 'Updated On');
  add(t, 'updatedAt', 'French', LANGUAGE, 'Date de mise à jour', 'Modifié le');
  add(t, 'updatedAt', 'German', LANGUAGE, 'Aktualisiert am', 'Geändert am');
  // The requester's name, for the customers an import may create.
  add(t, 'customerName', 'Zendesk', PRIMARY, 'Requester');
  add(t, 'customerName', 'Freshdesk', PRIMARY, 'Requester Name');
  add(t, 'customerName', 'osTicket', PRIMARY, 'From');
  add(t, 'customerName', 'English', ENGLISH, 'Customer', 'Contact Name', 'Requester Full Name');
  add(t, 'organization', 'Freshdesk', PRIMARY, 'Company Name');
  add(t, 'organization', 'English', ENGLISH, 'Company', 'Account', 'Customer Organization', 'Requester Organization');
  add(t, 'messages', 'English', ENGLISH, 'Conversation', 'Comments', 'Thread', 'Replies');
  add(t, 'assigneeEmail', 'French', LANGUAGE, "E-mail de l'agent", "Courriel de l'agent", 'E-mail du responsable');
  add(t, 'assigneeEmail', 'German', LANGUAGE, 'Bearbeiter-E-Mail', 'E-Mail des Bearbeiters');
  add(t, 'assigneeEmail', 'Spanish', LANGUAGE, 'Correo del agente', 'Correo electrónico del agente');
  add(t, 'assigneeEmail', 'Italian', LANGUAGE, "Email dell'agente", 'Email assegnatario');
  add(t, 'assigneeEmail', 'Portuguese', LANGUAGE, 'E-mail do agente', 'Email do agente');
  add(t, 'assigneeEmail', 'Dutch', LANGUAGE, 'E-mail medewerker', 'E-mail behandelaar');
}

/** Header synonyms by record group. A normalised header names at most one property per group. */
export const SYNONYMS: Record<SynonymGroup, readonly Synonym[]> = { people, organizations, tickets };

/**
 * Columns of known exports that look like a property but hold no value to import: Google's
 * "E-mail 1 - Type" says "* Home" or "Work", never an address. They get a reason of their own
 * instead of the plain "no matching property".
 */
export const IGNORED_COLUMNS: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /^(e-?mail|phone|address|organization|website|relation|event|im|custom field) \d+ - (type|label)$/i,
    reason: 'a Google Contacts column that says what kind of value the column next to it holds (Home, Work), not a value to import',
  },
  {
    pattern: /^e-?mail( \d+)? (type|display name)$/i,
    reason: 'an Outlook column that describes the email address next to it, not an address',
  },
  { pattern: /^name prefix$/i, reason: 'a salutation (Mr., Ms.), which Roster does not keep' },
];
