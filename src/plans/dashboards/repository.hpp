// SQL of dashboards: read-only aggregates (cast in SQL). A scope is every organisation (`all`) or a list
// (an empty list covers none).
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

#include "plans/dashboards/model.hpp"

namespace trame::plans::dashboards {

class Repository {
 public:
  // Bookings of relais (by the booking's organisation) for slots starting in [from, to): whole Paris months
  // from outing_relais_months (migration 0092), the days around them from outing_slot_figures. With `series`:
  // the places used in each bucket of the period cut at `cuts` (ascending month starts inside the period):
  // cuts.size() + 1 values.
  // `branch` (0: none): the relais are exactly that branch's organisations (see relais_people).
  OutingFigures relais_outings(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                               long long to, const std::vector<long long>& cuts = {},
                               std::vector<long long>* series = nullptr, long long branch = 0);
  // Distinct people with a used booking of relais' bookings for slots starting in [from, to). Over one whole Paris
  // year, for every relais (`all`) or for exactly the organisations of `branch`, read from the reach's kept count.
  long long relais_people(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                          long long to, long long branch = 0);
  // Places offered, booked, used and no-shows at venues (outing_offers.venue_id).
  OutingFigures venue_outings(soci::session& sql, const std::vector<long long>& venues, long long from, long long to);
  // Places used at venues for slots starting in [from, to).
  long long venue_places(soci::session& sql, const std::vector<long long>& venues, long long from, long long to);
  std::vector<EpciLine> per_epci(soci::session& sql, const std::vector<long long>& relais, bool all, long long from,
                                 long long to);
  TrainingFigures trainings(soci::session& sql, const std::vector<long long>& organisers, bool all, long long from,
                            long long to);
  CertifierFigures certifications(soci::session& sql, const std::vector<long long>& owners, bool all, long long from,
                                  long long to);
  long long count_certifications(soci::session& sql, const std::vector<long long>& owners, bool all);
};

}  // namespace trame::plans::dashboards
