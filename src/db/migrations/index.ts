import type { Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { directory } from './001-directory.js';
import { imports } from './002-imports.js';
import { importRow } from './003-import-row.js';
import { organizationLink } from './004-organization-link.js';
import { importTemplates } from './005-import-templates.js';
import { importReview } from './006-import-review.js';
import { signInSecurity } from './007-sign-in-security.js';
import { personSource } from './008-person-source.js';
import { ticketMessages } from './009-ticket-messages.js';
import { ticketImport } from './010-ticket-import.js';
import { invitations } from './011-invitations.js';
import { ticketOrganization } from './012-ticket-organization.js';
import { directorySearch } from './013-directory-search.js';
import { propertySettings } from './014-property-settings.js';
import { organizationPeople } from './015-organization-people.js';
import { templateValues } from './016-template-values.js';

/**
 * Every migration, in order. Names sort in the order they must run; a migration is never
 * edited once released, only followed by a new one.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001-directory': directory(dialect),
    '002-imports': imports(dialect),
    '003-import-row': importRow(),
    '004-organization-link': organizationLink(dialect),
    '005-import-templates': importTemplates(dialect),
    '006-import-review': importReview(),
    '007-sign-in-security': signInSecurity(),
    '008-person-source': personSource(),
    '009-ticket-messages': ticketMessages(dialect),
    '010-ticket-import': ticketImport(),
    '011-invitations': invitations(dialect),
    '012-ticket-organization': ticketOrganization(),
    '013-directory-search': directorySearch(dialect),
    '014-property-settings': propertySettings(),
    '015-organization-people': organizationPeople(dialect),
    '016-template-values': templateValues(),
  };
}
