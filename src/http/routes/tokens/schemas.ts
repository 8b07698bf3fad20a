import { z } from 'zod';

export const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  userId: z.number().int(),
  email: z.string().describe('The user the token acts as'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('When the token stops working; null for a token without an end'),
});

export const tokenList = z.object({ items: z.array(tokenSchema) });

export const tokenListQuery = z.object({ email: z.string().optional().describe('Only the tokens of the user with this email') });

export const tokenCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('A name to recognise the token by'),
  email: z.string().optional().describe('The user the token acts as; the caller when left out'),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('Days until the token stops working; no end when left out'),
});

export const createdToken = tokenSchema.extend({
  token: z.string().describe('The token itself, shown this once: Roster keeps only its hash'),
});
