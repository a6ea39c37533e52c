// SQL of the pages (see repository.hpp).
#include "website/pages/repository.hpp"

#include "platform/store/bytes.hpp"
#include "platform/store/row.hpp"

namespace trame::website::pages {

namespace {

// The columns of a page; `text` is '' in the light listings.
std::string page_columns(bool with_text) {
  return std::string("SELECT p.id, p.slug, p.title, p.description, ") + (with_text ? "p.text" : "CAST('' AS TEXT)") +
         ", p.position, COALESCE(p.parent_id, 0), p.published, p.show_quotes, p.source, p.cover_name, p.cover_sha256, "
         "p.cover_width, p.cover_height, p.created_at, p.created_by, p.updated_at, p.updated_by, COALESCE(u.name, '') "
         "FROM website_pages p LEFT JOIN users u ON u.id = p.updated_by ";
}

Page page_of(const soci::row& r) {
  Page p;
  int i = 0;
  p.id = store::as_id(r, i++);
  p.slug = store::as_text(r, i++);
  p.title = store::as_text(r, i++);
  p.description = store::as_text(r, i++);
  p.text = store::as_text(r, i++);
  p.position = store::as_id(r, i++);
  p.parent_id = store::as_id(r, i++);
  p.published = store::as_id(r, i++) != 0;
  p.show_quotes = store::as_id(r, i++) != 0;
  p.source = store::as_text(r, i++);
  p.cover_name = store::as_text(r, i++);
  p.cover_sha256 = store::as_text(r, i++);
  p.cover_width = store::as_id(r, i++);
  p.cover_height = store::as_id(r, i++);
  p.created_at = store::as_id(r, i++);
  p.created_by = store::as_id(r, i++);
  p.updated_at = store::as_id(r, i++);
  p.updated_by = store::as_id(r, i++);
  p.updated_by_name = store::as_text(r, i++);
  return p;
}

constexpr const char* kRevisionColumns =
    "SELECT r.id, r.page_id, r.title, r.description, r.text, r.published, r.author_id, COALESCE(u.name, ''), r.at "
    "FROM website_page_revisions r LEFT JOIN users u ON u.id = r.author_id ";

Revision revision_of(const soci::row& row) {
  Revision r;
  int i = 0;
  r.id = store::as_id(row, i++);
  r.page_id = store::as_id(row, i++);
  r.title = store::as_text(row, i++);
  r.description = store::as_text(row, i++);
  r.text = store::as_text(row, i++);
  r.published = store::as_id(row, i++) != 0;
  r.author_id = store::as_id(row, i++);
  r.author_name = store::as_text(row, i++);
  r.at = store::as_id(row, i++);
  return r;
}

}  // namespace

std::optional<Page> Repository::find(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << page_columns(true) + "WHERE p.id = :id", soci::use(id));
  for (const auto& r : rs) return page_of(r);
  return std::nullopt;
}

std::optional<Page> Repository::find_by_slug(soci::session& sql, const std::string& slug) const {
  soci::rowset<soci::row> rs = (sql.prepare << page_columns(true) + "WHERE p.slug = :s", soci::use(slug));
  for (const auto& r : rs) return page_of(r);
  return std::nullopt;
}

std::vector<Page> Repository::outline(soci::session& sql) const {
  std::vector<Page> out;
  soci::rowset<soci::row> rs = (sql.prepare << page_columns(false) + "ORDER BY p.position, p.title, p.id");
  for (const auto& r : rs) out.push_back(page_of(r));
  return out;
}

std::vector<Page> Repository::children(soci::session& sql, long long parent_id, bool published_only) const {
  std::vector<Page> out;
  long long only = published_only ? 1 : 0;
  soci::rowset<soci::row> rs = (sql.prepare << page_columns(false) +
                                                   "WHERE p.parent_id = :p AND (:only = 0 OR p.published = 1) "
                                                   "ORDER BY p.position, p.title, p.id",
                                soci::use(parent_id), soci::use(only));
  for (const auto& r : rs) out.push_back(page_of(r));
  return out;
}

long long Repository::count_children(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM website_pages WHERE parent_id = :id", soci::use(id), soci::into(n);
  return n;
}

std::vector<Page> Repository::published(soci::session& sql) const {
  std::vector<Page> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << page_columns(false) + "WHERE p.published = 1 ORDER BY p.position, p.title, p.id");
  for (const auto& r : rs) out.push_back(page_of(r));
  return out;
}

std::vector<Link> Repository::menu(soci::session& sql) const {
  std::vector<Link> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT slug, title FROM website_pages WHERE parent_id IS NULL AND "
                                               "published = 1 ORDER BY position, title, id");
  for (const auto& r : rs) out.push_back({"/pages/" + store::as_text(r, 0), store::as_text(r, 1)});
  return out;
}

bool Repository::slug_taken(soci::session& sql, const std::string& slug, long long except_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM website_pages WHERE slug = :s AND id <> :id", soci::use(slug), soci::use(except_id),
      soci::into(n);
  return n != 0;
}

long long Repository::insert(soci::session& sql, const Page& p, long long now) const {
  long long id = 0;
  soci::indicator parent_ind = p.parent_id ? soci::i_ok : soci::i_null;
  long long published = p.published ? 1 : 0, quotes = p.show_quotes ? 1 : 0;
  sql << "INSERT INTO website_pages (slug, title, description, text, position, parent_id, published, show_quotes, "
         "source, created_at, created_by, updated_at, updated_by) VALUES (:s, :t, :d, :x, :pos, :par, :pub, :q, :src, "
         ":n, :by, :n2, :by2) RETURNING id",
      soci::use(p.slug), soci::use(p.title), soci::use(p.description), soci::use(p.text), soci::use(p.position),
      soci::use(p.parent_id, parent_ind), soci::use(published), soci::use(quotes), soci::use(p.source), soci::use(now),
      soci::use(p.updated_by), soci::use(now), soci::use(p.updated_by), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Page& p, long long now) const {
  soci::indicator parent_ind = p.parent_id ? soci::i_ok : soci::i_null;
  long long published = p.published ? 1 : 0, quotes = p.show_quotes ? 1 : 0;
  sql << "UPDATE website_pages SET slug = :s, title = :t, description = :d, text = :x, position = :pos, parent_id = "
         ":par, published = :pub, show_quotes = :q, source = :src, updated_at = :n, updated_by = :by WHERE id = :id",
      soci::use(p.slug), soci::use(p.title), soci::use(p.description), soci::use(p.text), soci::use(p.position),
      soci::use(p.parent_id, parent_ind), soci::use(published), soci::use(quotes), soci::use(p.source), soci::use(now),
      soci::use(p.updated_by), soci::use(p.id);
}

void Repository::remove(soci::session& sql, long long id) const {
  sql << "DELETE FROM website_page_covers WHERE page_id = :id", soci::use(id);
  sql << "DELETE FROM website_page_revisions WHERE page_id = :id", soci::use(id);
  sql << "DELETE FROM website_pages WHERE id = :id", soci::use(id);
}

void Repository::save_cover(soci::session& sql, long long page_id, const std::string& name, const std::string& sha256,
                            const std::vector<Cover>& renditions, long long now) const {
  sql << "DELETE FROM website_page_covers WHERE page_id = :id", soci::use(page_id);
  long long width = 0, height = 0;
  for (const auto& c : renditions) {
    std::string hex = store::to_hex(c.bytes);
    sql << "INSERT INTO website_page_covers (page_id, width, height, content_type, data, sha256) VALUES (:p, :w, :h, "
           ":t, decode(:d, 'hex'), :sha)",
        soci::use(page_id), soci::use(c.width), soci::use(c.height), soci::use(c.content_type), soci::use(hex),
        soci::use(c.sha256);
    if (c.width > width) {
      width = c.width;
      height = c.height;
    }
  }
  sql << "UPDATE website_pages SET cover_name = :n, cover_sha256 = :s, cover_width = :w, cover_height = :h, "
         "updated_at = :u WHERE id = :id",
      soci::use(name), soci::use(sha256), soci::use(width), soci::use(height), soci::use(now), soci::use(page_id);
}

std::optional<Cover> Repository::cover(soci::session& sql, long long page_id, long long width) const {
  Cover c;
  std::string hex;
  sql << "SELECT width, height, content_type, encode(data, 'hex'), sha256 FROM website_page_covers WHERE page_id = :p "
         "AND width = :w",
      soci::into(c.width), soci::into(c.height), soci::into(c.content_type), soci::into(hex), soci::into(c.sha256),
      soci::use(page_id), soci::use(width);
  if (!sql.got_data()) return std::nullopt;
  c.bytes = store::from_hex(hex);
  return c;
}

std::vector<Cover> Repository::cover_sizes(soci::session& sql, long long page_id) const {
  std::vector<Cover> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT width, height, content_type, sha256 FROM website_page_covers WHERE page_id = :p ORDER BY "
                      "width",
       soci::use(page_id));
  for (const auto& r : rs) {
    Cover c;
    c.width = store::as_id(r, 0);
    c.height = store::as_id(r, 1);
    c.content_type = store::as_text(r, 2);
    c.sha256 = store::as_text(r, 3);
    out.push_back(std::move(c));
  }
  return out;
}

void Repository::insert_revision(soci::session& sql, const Revision& r) const {
  long long published = r.published ? 1 : 0;
  sql << "INSERT INTO website_page_revisions (page_id, title, description, text, published, author_id, at) VALUES "
         "(:p, :t, :d, :x, :pub, :a, :at)",
      soci::use(r.page_id), soci::use(r.title), soci::use(r.description), soci::use(r.text), soci::use(published),
      soci::use(r.author_id), soci::use(r.at);
}

std::vector<Revision> Repository::revisions(soci::session& sql, long long page_id, long long limit,
                                            long long offset) const {
  std::vector<Revision> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRevisionColumns) + "WHERE r.page_id = :p ORDER BY r.id DESC LIMIT " +
                          std::to_string(limit) + " OFFSET " + std::to_string(offset),
       soci::use(page_id));
  for (const auto& r : rs) out.push_back(revision_of(r));
  return out;
}

long long Repository::count_revisions(soci::session& sql, long long page_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM website_page_revisions WHERE page_id = :p", soci::use(page_id), soci::into(n);
  return n;
}

std::optional<Revision> Repository::revision(soci::session& sql, long long page_id, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRevisionColumns) + "WHERE r.page_id = :p AND r.id = :id",
                                soci::use(page_id), soci::use(id));
  for (const auto& r : rs) return revision_of(r);
  return std::nullopt;
}

}  // namespace trame::website::pages
