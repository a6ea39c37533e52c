// SQL of the pages (migration 0064, tables website_page*).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "website/pages/model.hpp"

namespace trame::website::pages {

class Repository {
 public:
  std::optional<Page> find(soci::session& sql, long long id) const;
  std::optional<Page> find_by_slug(soci::session& sql, const std::string& slug) const;
  // Every page without its text (the tree of the admin list, the parent choices), by position then title.
  std::vector<Page> outline(soci::session& sql) const;
  // A page's children (published ones only for the public), by position then title; without their text.
  std::vector<Page> children(soci::session& sql, long long parent_id, bool published_only) const;
  long long count_children(soci::session& sql, long long id) const;
  // Every published page, without its text (the sitemap).
  std::vector<Page> published(soci::session& sql) const;
  // The published pages without a parent, by position then title: the site's menu.
  std::vector<Link> menu(soci::session& sql) const;
  // Whether another page (not `except_id`) has this slug.
  bool slug_taken(soci::session& sql, const std::string& slug, long long except_id) const;

  // Returns the new id.
  long long insert(soci::session& sql, const Page& p, long long now) const;
  // Slug, title, description, text, position, parent, published, show_quotes, source, updated at/by.
  void update(soci::session& sql, const Page& p, long long now) const;
  // The page with its covers and revisions.
  void remove(soci::session& sql, long long id) const;

  // ---- The cover: its renditions replace the previous ones.
  void save_cover(soci::session& sql, long long page_id, const std::string& name, const std::string& sha256,
                  const std::vector<Cover>& renditions, long long now) const;
  std::optional<Cover> cover(soci::session& sql, long long page_id, long long width) const;
  // The renditions' sizes (without their bytes), narrowest first.
  std::vector<Cover> cover_sizes(soci::session& sql, long long page_id) const;

  // ---- Revisions
  void insert_revision(soci::session& sql, const Revision& r) const;
  std::vector<Revision> revisions(soci::session& sql, long long page_id, long long limit, long long offset) const;
  long long count_revisions(soci::session& sql, long long page_id) const;
  std::optional<Revision> revision(soci::session& sql, long long page_id, long long id) const;
};

}  // namespace trame::website::pages
