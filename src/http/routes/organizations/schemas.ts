import { z } from 'zod';
import { fieldValue, pageOf } from '../common-schemas.js';

/** An organization as the API shows it: `name`, `domains`, then one key per custom property. */
export const organizationSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    domains: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .catchall(fieldValue);

export const organizationPage = pageOf(organizationSchema);

// Custom property keys pass through to the repository, which checks them against the properties
// and names any unknown or bad field, as it does for people.
export const createOrganizationBody = z
  .object({
    name: z.string(),
    domains: z.array(z.string()).optional().describe('Email domains whose customers belong here, e.g. ["acme.com"].'),
  })
  .catchall(fieldValue)
  .describe('`name`, `domains` and custom property keys (GET /api/properties/organizations lists them); null clears a value.');

export const updateOrganizationBody = createOrganizationBody.partial();
