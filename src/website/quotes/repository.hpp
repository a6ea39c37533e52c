// SQL of the public site's quotes. "Shown" means published and not withdrawn.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "website/quotes/model.hpp"

namespace trame::website::quotes {

class Repository {
 public:
  long long count(soci::session& sql, const Filter& filter);
  std::vector<Quote> page(soci::session& sql, const Filter& filter, long long offset, long long limit);
  std::optional<Quote> find(soci::session& sql, long long id);
  // The quote picked from that source, if any (0: none).
  long long by_source(soci::session& sql, const std::string& source, long long source_id);
  // Of these source ids, those already picked.
  std::vector<long long> picked(soci::session& sql, const std::string& source, const std::vector<long long>& ids);

  long long insert(soci::session& sql, const Quote& q, long long now);
  void update(soci::session& sql, long long id, const QuoteInput& in, long long now);
  // Conditional on the quote not being withdrawn; false when it was (or does not exist).
  bool set_published(soci::session& sql, long long id, bool published, long long now);
  bool withdraw(soci::session& sql, long long id, long long now);
  long long last_position(soci::session& sql);

  // Shown quotes by position: of a page, of a programme, or all (limit).
  std::vector<Quote> shown_for_page(soci::session& sql, const std::string& slug);
  std::vector<Quote> shown_for_programme(soci::session& sql, long long programme_id);
  std::vector<Quote> shown(soci::session& sql, long long limit);

  bool programme_exists(soci::session& sql, long long id);
  std::vector<ProgrammeChoice> programmes(soci::session& sql);
  // The page slugs quotes name, for the list's filter.
  std::vector<std::string> slugs(soci::session& sql);
};

}  // namespace trame::website::quotes
