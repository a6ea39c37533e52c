// Shared diagnosis (model.hpp): sections edited by the members in markdown, with history, diffs and
// a merge view when two people save the same section. Who may do what comes from projects::Access:
// whoever reads the project reads its diagnosis; members (Access::contributes) write the sections;
// facilitators add and rename them. A project the person may not see answers like a missing id.
//
// The merge rule: a save carries the revision it started from (its base). It is written, as
// revision base + 1, only if base is still the section's latest revision — checked and moved by one
// conditional UPDATE in the transaction that adds the revision, so that of two saves from the same
// base exactly one is written. The other is refused with Failure::conflict (409) and nothing is
// written; its text is given back with the version that won, for the person to merge and save again
// from the new base.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cooperation/diagnosis/diff.hpp"
#include "cooperation/diagnosis/model.hpp"
#include "cooperation/diagnosis/repository.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::diagnosis {

// What other modules know of a section (contract, docs/cooperation/diagnosis.md).
struct SectionSummary {
  long long id = 0, project_id = 0;
  std::string key;  // one of default_keys(), '' for an added section
  std::string title;
};

// An inhabitants' contribution linked to a section, as the section's page lists it. The
// contributions module (above this one) provides them through on_linked_contributions.
struct LinkedContribution {
  long long id = 0;
  std::string kind_key;  // catalogue key of its kind's label
  long long people = 0;
  std::string place, held_on;  // held_on: ISO day
  std::string excerpt;
  std::string url;
};
using LinkedContributions = std::function<std::vector<LinkedContribution>(long long project_id, long long section_id)>;

struct Overview {
  projects::Access access;
  std::vector<Section> sections;
};

struct SectionView {
  projects::Access access;
  Section section;
};

struct History {
  projects::Access access;
  Section section;
  std::vector<Revision> revisions;  // newest first, this page's
  long long total = 0;
  int page = 1, pages = 1;
};

// Two revisions of a section and what changed between them (from 0: the empty text before the first).
struct Comparison {
  projects::Access access;
  Section section;
  long long from = 0, to = 0;
  std::optional<Revision> from_revision, to_revision;
  std::vector<DiffPiece> diff;
};

struct SaveInput {
  long long base = 0;  // the revision the text started from
  std::string body;
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  // A project holds at most this many sections.
  static constexpr std::size_t kMaxSections = 40;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects) {}

  // The project's sections for other modules (made on first use, like on the diagnosis' first visit).
  std::vector<SectionSummary> sections(long long project_id);
  std::optional<SectionSummary> section_summary(long long project_id, long long section_id);

  // The pages' reads: not_found (404) when the project or section is not one `me` sees, denied
  // (403) when `me` sees only its public summary. The overview makes the default sections.
  Outcome overview(const Principal& me, long long project_id, Overview& out);
  Outcome section(const Principal& me, long long project_id, long long section_id, SectionView& out);
  Outcome history(const Principal& me, long long project_id, long long section_id, int page, History& out);
  Outcome revision(const Principal& me, long long project_id, long long section_id, long long number, SectionView& view,
                   Revision& out);
  // from/to 0: the latest revision and the one before it.
  Outcome compare(const Principal& me, long long project_id, long long section_id, long long from, long long to,
                  Comparison& out);

  // Members save a section (the merge rule above); refused: stale base (conflict), unchanged text
  // or too long (invalid). Carriage returns from the browser are dropped.
  Outcome save(const Actor& actor, const Principal& me, long long project_id, long long section_id,
               const SaveInput& in);
  // Facilitators add and rename sections (a title is required, at most kMaxTitle characters).
  Outcome add_section(const Actor& actor, const Principal& me, long long project_id, const std::string& title);
  Outcome rename(const Actor& actor, const Principal& me, long long project_id, long long section_id,
                 const std::string& title);

  // The contributions module lists a section's linked contributions through this (set once, at start).
  void on_linked_contributions(LinkedContributions source) { linked_ = std::move(source); }
  std::vector<LinkedContribution> linked_contributions(long long project_id, long long section_id) const;

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work (reminders…); returns how many things it did.
  long long run_due(long long now);

 private:
  Outcome readable(soci::session& sql, const Principal& me, long long project_id, projects::Access& out) const;
  void ensure_defaults(soci::session& sql, long long project_id, long long by, long long now) const;
  Outcome save_at(const Actor& actor, const Principal& me, long long project_id, long long section_id,
                  const SaveInput& in, long long now);
  std::string t(const std::string& key) const { return catalogue_.t("fr", key); }

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  Repository repo_;
  LinkedContributions linked_;
};

// Normalises a text sent by a browser: "\r\n" and lone "\r" become "\n".
std::string normalise_newlines(std::string_view text);

void register_routes(web::App& app, Service& service);

}  // namespace trame::diagnosis
