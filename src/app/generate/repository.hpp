// SQL of `trame generate`: bulk INSERT … SELECT over a generated series of numbers (a recursive CTE on
// SQLite, generate_series on PostgreSQL), every value derived from the row's number and the seed by
// integer arithmetic, so that the same seed writes the same rows and no row costs a round trip.
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

#include "app/generate/model.hpp"

namespace trame::generate {

class Repository {
 public:
  explicit Repository(bool postgresql) : pg_(postgresql) {}

  // Rows a previous `trame generate` left (organisations of provenance 'generate' or in the id ranges).
  long long generated_rows(soci::session& sql) const;
  // Communes imported for the three branches' départements (94, 44, 13), per département in that order,
  // and their inhabitants (`populations`, same order).
  std::vector<long long> commune_counts(soci::session& sql, std::vector<long long>& populations) const;
  // The branch of a département, created (with its name) when absent; returns its id.
  long long ensure_branch(soci::session& sql, const std::string& departement, const std::string& name,
                          const std::string& zone, long long now) const;
  std::vector<std::string> beneficiary_codes(soci::session& sql) const;
  std::vector<std::string> booking_codes(soci::session& sql) const;

  // Rows [from, to) of each step.
  void insert_organisations(soci::session& sql, const Plan& p, long long from, long long to) const;
  void insert_referents(soci::session& sql, const Plan& p) const;
  void insert_beneficiaries(soci::session& sql, const Plan& p, long long from, long long to) const;
  void insert_offers(soci::session& sql, const Plan& p) const;
  void insert_slots(soci::session& sql, const Plan& p) const;
  void insert_bookings(soci::session& sql, const Plan& p, long long from, long long to) const;
  // booked = places of the bookings holding one; capacity = booked + a few free places.
  void count_slots(soci::session& sql, const Plan& p) const;
  void insert_trainings(soci::session& sql, const Plan& p) const;
  // The questionnaire the answers go to (the demo's first published satisfaction questionnaire) and five
  // (question, item) it asks on a scale (scale, NPS, matrix rows); 0 when the demo has none.
  long long answer_target(soci::session& sql, std::vector<AnswerSlot>& slots) const;
  void insert_answers(soci::session& sql, const Plan& p, long long questionnaire,
                      const std::vector<AnswerSlot>& slots) const;
  // PostgreSQL: the identity sequences continue after the generated ids.
  void realign_sequences(soci::session& sql) const;
  void analyze(soci::session& sql) const;
  // Session settings for bulk writes (called at the start of each step's transaction).
  void tune(soci::session& sql) const;

 private:
  bool pg_;
  std::string numbers(long long from, long long to) const;  // "WITH … n(i) AS (…)" over [from, to)
  std::string overriding() const { return pg_ ? " OVERRIDING SYSTEM VALUE " : " "; }
};

}  // namespace trame::generate
