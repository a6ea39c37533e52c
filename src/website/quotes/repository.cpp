#include "website/quotes/repository.hpp"

#include <functional>

#include "platform/store/id_list.hpp"

namespace trame::website::quotes {

namespace {

const char* kColumns =
    "SELECT q.id, q.text, q.author, q.consent_on, q.consent_how, q.recorded_by, COALESCE(q.page_slug, ''), "
    "CAST(COALESCE(q.programme_id, 0) AS BIGINT), COALESCE(p.title, ''), q.source, q.source_id, q.published, "
    "q.position, q.withdrawn_at, q.created_at, q.updated_at "
    "FROM quotes q LEFT JOIN training_programmes p ON p.id = q.programme_id ";

const char* kShown = "q.published = 1 AND q.withdrawn_at = 0";
const char* kOrder = " ORDER BY q.position, q.id";

struct Row {
  Quote q;
  int published = 0;
};

void bind_row(soci::statement& st, Row& row) {
  Quote& q = row.q;
  st.exchange(soci::into(q.id));
  st.exchange(soci::into(q.text));
  st.exchange(soci::into(q.author));
  st.exchange(soci::into(q.consent_on));
  st.exchange(soci::into(q.consent_how));
  st.exchange(soci::into(q.recorded_by));
  st.exchange(soci::into(q.page_slug));
  st.exchange(soci::into(q.programme_id));
  st.exchange(soci::into(q.programme_title));
  st.exchange(soci::into(q.source));
  st.exchange(soci::into(q.source_id));
  st.exchange(soci::into(row.published));
  st.exchange(soci::into(q.position));
  st.exchange(soci::into(q.withdrawn_at));
  st.exchange(soci::into(q.created_at));
  st.exchange(soci::into(q.updated_at));
}

// Runs `query` (kColumns + the rest), `uses` binding its parameters in order.
std::vector<Quote> fetch(soci::session& sql, const std::string& query,
                         const std::function<void(soci::statement&)>& uses) {
  Row row;
  soci::statement st(sql);
  bind_row(st, row);
  uses(st);
  st.alloc();
  st.prepare(kColumns + query);
  st.define_and_bind();
  st.execute();
  std::vector<Quote> out;
  while (st.fetch()) {
    row.q.published = row.published != 0;
    out.push_back(row.q);
  }
  return out;
}

// The filter's WHERE: the slug and the programme are bound (both always, '' and 0 matching all); the
// status is one of three fixed fragments.
std::string where_of(const Filter& f) {
  std::string where =
      "WHERE (:s1 = '' OR q.page_slug = :s2) AND (CAST(:p1 AS BIGINT) = 0 OR q.programme_id = CAST(:p2 AS BIGINT))";
  if (f.status == "published") where += " AND q.published = 1 AND q.withdrawn_at = 0";
  if (f.status == "draft") where += " AND q.published = 0 AND q.withdrawn_at = 0";
  if (f.status == "withdrawn") where += " AND q.withdrawn_at <> 0";
  return where;
}

}  // namespace

long long Repository::count(soci::session& sql, const Filter& f) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM quotes q " + where_of(f), soci::use(f.page_slug), soci::use(f.page_slug),
      soci::use(f.programme_id), soci::use(f.programme_id), soci::into(n);
  return n;
}

std::vector<Quote> Repository::page(soci::session& sql, const Filter& f, long long offset, long long limit) {
  return fetch(sql, where_of(f) + " ORDER BY q.withdrawn_at <> 0, q.position, q.id LIMIT :l OFFSET :o",
               [&](soci::statement& st) {
                 st.exchange(soci::use(f.page_slug));
                 st.exchange(soci::use(f.page_slug));
                 st.exchange(soci::use(f.programme_id));
                 st.exchange(soci::use(f.programme_id));
                 st.exchange(soci::use(limit));
                 st.exchange(soci::use(offset));
               });
}

std::optional<Quote> Repository::find(soci::session& sql, long long id) {
  auto rows = fetch(sql, "WHERE q.id = :id", [&](soci::statement& st) { st.exchange(soci::use(id)); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long Repository::by_source(soci::session& sql, const std::string& source, long long source_id) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM quotes WHERE source = :s AND source_id = :i",
      soci::use(source), soci::use(source_id), soci::into(id);
  return id;
}

std::vector<long long> Repository::picked(soci::session& sql, const std::string& source,
                                          const std::vector<long long>& ids) {
  std::vector<long long> out;
  if (ids.empty()) return out;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT source_id FROM quotes WHERE source = :s AND " + store::in_ids(sql, "source_id", ids),
       soci::use(source), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

long long Repository::insert(soci::session& sql, const Quote& q, long long now) {
  long long id = 0;
  int published = q.published ? 1 : 0;
  soci::indicator slug = q.page_slug.empty() ? soci::i_null : soci::i_ok;
  soci::indicator programme = q.programme_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO quotes (text, author, consent_on, consent_how, recorded_by, page_slug, programme_id, source, "
         "source_id, published, position, created_at, updated_at) VALUES (:t, :a, :c, :h, :r, :s, :p, :src, :sid, "
         ":pub, :pos, :ca, :ua) RETURNING id",
      soci::use(q.text), soci::use(q.author), soci::use(q.consent_on), soci::use(q.consent_how),
      soci::use(q.recorded_by), soci::use(q.page_slug, slug), soci::use(q.programme_id, programme), soci::use(q.source),
      soci::use(q.source_id), soci::use(published), soci::use(q.position), soci::use(now), soci::use(now),
      soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, long long id, const QuoteInput& in, long long now) {
  soci::indicator slug = in.page_slug.empty() ? soci::i_null : soci::i_ok;
  soci::indicator programme = in.programme_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE quotes SET text = :t, author = :a, consent_on = :c, consent_how = :h, page_slug = :s, "
         "programme_id = :p, position = :pos, updated_at = :u WHERE id = :id AND withdrawn_at = 0",
      soci::use(in.text), soci::use(in.author), soci::use(in.consent_on), soci::use(in.consent_how),
      soci::use(in.page_slug, slug), soci::use(in.programme_id, programme), soci::use(in.position), soci::use(now),
      soci::use(id);
}

bool Repository::set_published(soci::session& sql, long long id, bool published, long long now) {
  int p = published ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE quotes SET published = :p, updated_at = :u WHERE id = :id "
                                       "AND withdrawn_at = 0",
                        soci::use(p), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::withdraw(soci::session& sql, long long id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE quotes SET published = 0, withdrawn_at = :w, updated_at = :u "
                                       "WHERE id = :id AND withdrawn_at = 0",
                        soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long Repository::last_position(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM quotes", soci::into(n);
  return n;
}

std::vector<Quote> Repository::shown_for_page(soci::session& sql, const std::string& slug) {
  return fetch(sql, std::string("WHERE q.page_slug = :s AND ") + kShown + kOrder,
               [&](soci::statement& st) { st.exchange(soci::use(slug)); });
}

std::vector<Quote> Repository::shown_for_programme(soci::session& sql, long long programme_id) {
  return fetch(sql, std::string("WHERE q.programme_id = :p AND ") + kShown + kOrder,
               [&](soci::statement& st) { st.exchange(soci::use(programme_id)); });
}

std::vector<Quote> Repository::shown(soci::session& sql, long long limit) {
  return fetch(sql, std::string("WHERE ") + kShown + kOrder + " LIMIT :l",
               [&](soci::statement& st) { st.exchange(soci::use(limit)); });
}

bool Repository::programme_exists(soci::session& sql, long long id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_programmes WHERE id = :id", soci::use(id), soci::into(n);
  return n > 0;
}

std::vector<ProgrammeChoice> Repository::programmes(soci::session& sql) {
  ProgrammeChoice c;
  soci::statement st = (sql.prepare << "SELECT id, title FROM training_programmes ORDER BY title, id LIMIT 500",
                        soci::into(c.id), soci::into(c.title));
  st.execute();
  std::vector<ProgrammeChoice> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<std::string> Repository::slugs(soci::session& sql) {
  std::string s;
  soci::statement st =
      (sql.prepare << "SELECT DISTINCT page_slug FROM quotes WHERE page_slug IS NOT NULL ORDER BY page_slug LIMIT 200",
       soci::into(s));
  st.execute();
  std::vector<std::string> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

}  // namespace trame::website::quotes
