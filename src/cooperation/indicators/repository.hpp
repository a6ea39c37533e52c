// SQL of the indicator watch: indicators, their points and targets, and the values of the catalogue's
// computed indicators for a project's territory (catalogue_repository.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/indicators/model.hpp"

namespace trame::indicators {

class Repository {
 public:
  std::optional<Indicator> find(soci::session& sql, long long id) const;
  // A project's indicators in creation order (limit 0: all).
  std::vector<Indicator> of_project(soci::session& sql, long long project_id, long long limit = 0,
                                    long long offset = 0) const;
  long long count_of_project(soci::session& sql, long long project_id) const;
  // The id of the project's indicator following that catalogue key, 0 when none.
  long long followed(soci::session& sql, long long project_id, const std::string& key) const;
  long long insert(soci::session& sql, const Indicator& i, long long now) const;
  void update(soci::session& sql, const Indicator& i, long long now) const;
  // The indicator, its points and targets.
  void remove(soci::session& sql, long long id) const;
  // Claims the refresh of a computed indicator last refreshed at `seen` (conditional UPDATE: false
  // when another refresh took it meanwhile).
  bool claim_refresh(soci::session& sql, long long id, long long seen, long long now) const;
  // Computed indicators refreshed before `before`, oldest first.
  std::vector<long long> due(soci::session& sql, long long before, long long limit) const;

  std::vector<Point> points(soci::session& sql, long long indicator_id) const;
  std::optional<Point> point(soci::session& sql, long long indicator_id, const std::string& period) const;
  void put_point(soci::session& sql, const Point& p) const;
  bool delete_point(soci::session& sql, long long indicator_id, const std::string& period) const;

  std::vector<Target> targets(soci::session& sql, long long indicator_id) const;
  std::optional<Target> target(soci::session& sql, long long id) const;
  // Adds the target of its period, or replaces the one there is.
  long long put_target(soci::session& sql, const Target& t, long long now) const;
  void delete_target(soci::session& sql, long long id) const;

  // The value of a catalogue indicator for the project's communes over [start, end); nullopt when
  // there is nothing to compute it from (no satisfaction published, too few feedbacks).
  std::optional<double> compute(soci::session& sql, const std::string& key, long long project_id, long long start,
                                long long end) const;
  // How many communes the project covers (an indicator needs a territory to be computed).
  long long communes(soci::session& sql, long long project_id) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;
};

}  // namespace trame::indicators
