// SQL of the yearly report: which plan a year's report covers, the scope's organisations, the figures per
// relais and per training programme, the consented quotes. Read-only.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "plans/reports/model.hpp"

namespace trame::plans::reports {

class Repository {
 public:
  std::optional<std::string> organisation_name(soci::session& sql, long long id) const;
  // The plan of the organisation whose period ends in `year` (the latest-ending, then the latest created); 0: none.
  long long plan_for_year(soci::session& sql, long long organisation_id, int year) const;
  // The organisations whose activity counts: the organisation and the partners of its partnerships (as plans).
  std::vector<long long> scope(soci::session& sql, long long organisation_id) const;
  // Places used and distinct people reached per relais of the scope, over slots starting in [from, to).
  std::vector<RelaisLine> per_relais(soci::session& sql, long long organisation_id, long long from, long long to) const;
  // Training sessions held and trainee-minutes present per programme organised by the scope.
  std::vector<ProgrammeLine> per_programme(soci::session& sql, long long organisation_id, long long from,
                                           long long to) const;
  // Published quotes whose consent is not withdrawn: of programmes organised by the scope, and those of no
  // programme (the network's own); by their position.
  std::vector<Quote> quotes(soci::session& sql, long long organisation_id, long long limit) const;
};

}  // namespace trame::plans::reports
