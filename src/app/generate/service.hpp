// `trame generate --size national|departement [--seed N]`: a realistic dataset on top of the demo, in
// bulk SQL, deterministic from the seed (docs/generate.md). One transaction per step (the bookings in
// batches of a tenth, of 2,000 on PostgreSQL), a progress line per tenth.
#pragma once
#include <functional>
#include <string>

#include "app/generate/model.hpp"
#include "app/generate/repository.hpp"
#include "platform/store/database.hpp"

namespace trame::generate {

// A step's progress: its catalogue key (generate.steps.*), rows written, rows announced.
using Progress = std::function<void(const std::string& step, long long done, long long total)>;

struct Result {
  std::string refusal;  // catalogue key (generate.errors.*); empty when done
  Size size;
  long long answers = 0;  // 0 when the demo holds no satisfaction questionnaire to answer
  double seconds = 0;
};

class Service {
 public:
  explicit Service(store::Database& db) : db_(db), repo_(db.engine() != store::Engine::sqlite) {}

  // Whether a previous `trame generate` wrote into this database.
  bool already_generated() {
    return db_.read([this](soci::session& sql) { return repo_.generated_rows(sql) > 0; });
  }

  // `today`: seconds; every date is relative to its day (midnight UTC), so that the same seed on the
  // same day writes the same rows. Refuses (nothing changed) when generated rows are there already, when
  // the demo's accounts are absent or when the communes of the three départements are not imported.
  Result run(const Size& size, long long seed, long long today, const Progress& progress);

 private:
  store::Database& db_;
  Repository repo_;
};

}  // namespace trame::generate
