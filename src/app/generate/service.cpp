#include "app/generate/service.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace trame::generate {

namespace {

// Bookings per transaction on PostgreSQL (see the bookings' step).
constexpr long long kPgBookingBatch = 2000;

// The value (base 23) of a code's characters, dashes skipped; -1 when a character is not of the alphabet.
long long decode(const std::string& code) {
  static const std::string alphabet = "ACDEFGHJKMNPQRTWXY34679";
  long long v = 0;
  for (char c : code) {
    if (c == '-') continue;
    auto at = alphabet.find(c);
    if (at == std::string::npos) return -1;
    v = v * 23 + static_cast<long long>(at);
  }
  return v;
}

// The first of `count` consecutive code values, in a space of `space` values, holding none of the codes
// already given (the demo's, drawn at random): the seed picks where the search starts.
long long free_range(const std::vector<std::string>& codes, const std::string& prefix, long long space, long long count,
                     long long seed) {
  std::set<long long> taken;
  for (const auto& c : codes)
    if (c.rfind(prefix, 0) == 0) taken.insert(decode(c.substr(prefix.size())));
  const long long ranges = std::max<long long>(1, space / count);
  long long start = ((seed % 1000003 + 1000003) * 2654435761LL + 12345) % ranges;
  for (long long j = 0; j < ranges; ++j) {
    long long base = ((start + j) % ranges) * count;
    auto it = taken.lower_bound(base);
    if (it == taken.end() || *it >= base + count) return base;
  }
  return 0;
}

}  // namespace

Result Service::run(const Size& size, long long seed, long long today, const Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  Result result;
  result.size = size;
  Plan plan;
  plan.size = size;
  plan.seed = seed;
  plan.today = today / 86400 * 86400;
  if (size.name.empty()) return result.refusal = "generate.errors.size", result;
  // Bookings per past slot, each for a different beneficiary.
  if ((size.bookings + size.past_slots() - 1) / size.past_slots() > size.beneficiaries)
    return result.refusal = "generate.errors.size", result;

  bool refused = db_.read([&](soci::session& sql) {
    if (repo_.generated_rows(sql) > 0) return result.refusal = "generate.errors.already", true;
    std::vector<long long> populations;
    auto counts = repo_.commune_counts(sql, populations);
    for (std::size_t i = 0; i < 3; ++i) {
      if (counts[i] == 0) return result.refusal = "generate.errors.no_territory", true;
      plan.communes[i] = counts[i];
      plan.populations[i] = populations[i];
    }
    plan.beneficiary_code_base =
        free_range(repo_.beneficiary_codes(sql), "B-", 148035889LL, size.beneficiaries, seed * 7 + 3);
    plan.booking_code_base = free_range(repo_.booking_codes(sql), "", 78310985281LL, size.bookings, seed * 11 + 5);
    return false;
  });
  if (refused) return result;

  // A step in transactions of `batch` rows, its progress told every `tell` rows (and at its end).
  auto step = [&](const std::string& key, long long total, long long batch, auto&& write, long long tell = 0) {
    long long told = 0;
    for (long long from = 0; from < total; from += batch) {
      long long to = std::min(total, from + batch);
      db_.write([&](soci::session& sql) {
        repo_.tune(sql);
        write(sql, from, to);
      });
      if (to == total || to - told >= std::max(tell, batch)) {
        progress(key, to, total);
        told = to;
      }
    }
  };
  step("generate.steps.branches", 3, 3, [&](soci::session& sql, long long, long long) {
    plan.branches[0] = repo_.ensure_branch(sql, "94", "Cultures du Cœur 94", "C", plan.today);
    plan.branches[1] = repo_.ensure_branch(sql, "44", "Cultures du Cœur 44", "B", plan.today);
    plan.branches[2] = repo_.ensure_branch(sql, "13", "Cultures du Cœur 13", "B", plan.today);
  });
  step("generate.steps.organisations", size.organisations(), size.organisations(),
       [&](soci::session& sql, long long from, long long to) { repo_.insert_organisations(sql, plan, from, to); });
  step("generate.steps.referents", size.relais, size.relais,
       [&](soci::session& sql, long long, long long) { repo_.insert_referents(sql, plan); });
  step("generate.steps.beneficiaries", size.beneficiaries, std::max<long long>(1, size.beneficiaries / 5),
       [&](soci::session& sql, long long from, long long to) { repo_.insert_beneficiaries(sql, plan, from, to); });
  step("generate.steps.offers", size.offers, size.offers, [&](soci::session& sql, long long, long long) {
    repo_.insert_offers(sql, plan);
    repo_.insert_slots(sql, plan);
  });
  // On PostgreSQL in transactions of kPgBookingBatch bookings (progress still by tenths): the triggers that keep
  // the outings' figures update the same counter rows (a year's totals, a relais' month) for every booking, and
  // each update in one transaction adds a version the next must walk past — a tenth of the national bookings
  // in one transaction made the step quadratic (the first tenth ran 24 min without ending; docs/generate.md).
  const long long tenth = std::max<long long>(1, size.bookings / 10);
  step(
      "generate.steps.bookings", size.bookings,
      db_.engine() == store::Engine::sqlite ? tenth : std::min(tenth, kPgBookingBatch),
      [&](soci::session& sql, long long from, long long to) { repo_.insert_bookings(sql, plan, from, to); }, tenth);
  step("generate.steps.slots", size.slots(), size.slots(),
       [&](soci::session& sql, long long, long long) { repo_.count_slots(sql, plan); });
  step("generate.steps.trainings", size.training_sessions, size.training_sessions,
       [&](soci::session& sql, long long, long long) { repo_.insert_trainings(sql, plan); });
  std::vector<AnswerSlot> slots;
  long long questionnaire = db_.read([&](soci::session& sql) { return repo_.answer_target(sql, slots); });
  if (questionnaire != 0) {
    result.answers = size.answers;
    step("generate.steps.answers", size.answers, size.answers,
         [&](soci::session& sql, long long, long long) { repo_.insert_answers(sql, plan, questionnaire, slots); });
  }
  db_.write([&](soci::session& sql) { repo_.realign_sequences(sql); });
  progress("generate.steps.analyze", 0, 0);
  db_.write([&](soci::session& sql) { repo_.analyze(sql); });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace trame::generate
