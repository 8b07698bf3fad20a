import { z } from 'zod';

export const principalSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  role: z.enum(['admin', 'agent']),
  firstName: z.string(),
  lastName: z.string(),
});

export const userResponse = z.object({ user: principalSchema });

export const setupStatus = z.object({ needsSetup: z.boolean() });

export const setupBody = z.object({
  email: z.string(),
  password: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
});
