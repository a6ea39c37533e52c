// Object kinds of the public site's quotes for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/website_quotes.json; docs/website.md « Quotes »):
//   website_quote — a typed quote with its consent, made over HTTP by the fixture administrator (a quote
//                   belongs to no organisation: both sides are alike).
export function kinds(env) {
  const { flashError, idFrom, unique } = env;

  async function createQuote(side) {
    const admin = env.admin;
    await admin.get('/admin/citations/nouvelle');
    const res = await admin.post('/admin/citations', {
      text: `Une parole ${side} ${unique('q')} (authz)`, author: 'Une médiatrice culturelle', consent_on: '2025-01-15',
      consent_how: 'oral, noté par la matrice', page_slug: `matrice-${side}`, programme: '0', position: '',
      _submission: unique('s'),
    });
    if (res.status !== 303) throw new Error(`quote created: HTTP ${res.status} ${flashError(res.text) || res.location || ''}`);
    return { id: idFrom(res.location, /\/admin\/citations\/(\d+)$/) };
  }

  return {
    website_quote: { create: createQuote, table: 'quotes', fk: 'website_quote_id' },
  };
}
