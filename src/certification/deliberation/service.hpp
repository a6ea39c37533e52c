// Deliberation and minutes (see model.hpp). Jury members and the certifier's staff read the
// deliberation; the chair records the decisions (or, for a candidate the chair is in conflict with,
// another member who is not); the chair or the certifier's staff make the minutes; each member
// confirms them.
#pragma once
#include "certification/deliberation/repository.hpp"
#include "certification/juries/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}

namespace trame::deliberation {

// One juror's grid as the deliberation shows it.
struct GridColumn {
  long long grid_id = 0;
  std::string juror_name;
  std::string status;
  std::vector<juries::Mark> marks;
};

// A candidate's deliberation: the criteria, the grids side by side, the decisions.
struct EntryView {
  evaluations::EvaluationSession session;
  evaluations::Entry entry;
  std::vector<referential::Block> blocks;
  std::vector<GridColumn> grids;   // of the eligible graders (only once the reader may see them)
  bool grids_visible = false;      // false for a grader who has not submitted theirs
  std::vector<long long> graders;  // eligible graders' user ids
  long long submitted = 0;         // eligible grids submitted
  bool ready = false;              // every eligible grid is in
  bool recorder = false;    // the reader records the decisions (the chair, or a member when the chair is in conflict)
  bool may_decide = false;  // a recorder, and the minutes are not made
  bool may_reopen = false;  // the reader is the chair
  std::vector<Decision> decisions;
  std::vector<Acquired> acquired;
  bool minutes_made = false;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, const web::Catalogue& catalogue, juries::Service& juries)
      : db_(db), audit_(audit), catalogue_(catalogue), juries_(juries) {}

  // Whether `me` reads this session's deliberation: a member of its jury or the certifier's staff.
  bool reads(const Principal& me, const evaluations::EvaluationSession& s);
  std::optional<EntryView> entry_view(const Principal& me, long long entry_id);
  // Records the decision for every block not acquired earlier, each with reasons.
  Outcome decide(const Actor& actor, const Principal& me, long long entry_id, const std::vector<BlockDecision>& in);
  std::optional<Minutes> minutes(long long session_id);
  // What is missing before the minutes can be made ("" when nothing): a catalogue key.
  std::string minutes_problem(long long session_id);
  Outcome make_minutes(const Actor& actor, const Principal& me, long long session_id);
  Outcome confirm(const Actor& actor, const Principal& me, long long session_id);
  std::optional<std::string> minutes_pdf(const Principal& me, long long session_id);
  std::vector<Decision> decisions(long long entry_id);
  juries::Service& juries() { return juries_; }

  void load_demo(const Actor& actor);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  std::string render_minutes(soci::session& sql, const evaluations::EvaluationSession& s);
  store::Database& db_;
  audit::Service& audit_;
  const web::Catalogue& catalogue_;
  juries::Service& juries_;
  Repository repo_;
  juries::Repository jury_;
  evaluations::Repository sessions_;
  candidates::Repository registrations_;
  referential::Repository referential_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::deliberation
