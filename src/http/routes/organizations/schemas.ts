import { z } from 'zod';
import { pageOf } from '../common-schemas.js';

export const organizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  domains: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const organizationPage = pageOf(organizationSchema);

export const createOrganizationBody = z.strictObject({
  name: z.string(),
  domains: z.array(z.string()).optional().describe('Email domains whose customers belong here, e.g. ["acme.com"].'),
});

export const updateOrganizationBody = createOrganizationBody.partial();
