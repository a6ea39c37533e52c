// The shared library of facilitation methods and where they were used (docs/cooperation/methods.md).
// Anyone reads public methods, signed-in people the network-only ones too (for anyone else a
// network-only method answers like a missing id). Who writes: people with trainings.teach or
// trainings.manage, and facilitators of at least one cooperation project; an author edits their own
// methods, training staff and administrators edit any. Uses: a member of a project (facilitator or
// member) records a use in it, a trainer of a session a use in one of its half-days.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/methods/repository.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::methods {

// What the method form sends, kept as typed so that a refused form shows it back.
struct MethodInput {
  std::string title, purpose;
  std::string duration_min, duration_max, group_min, group_max;  // whole numbers, as typed
  std::string materials;                                         // one per line
  std::string steps;                                             // one step per line, in order
  std::string variants;
  std::string tags;  // separated by commas
  std::string visibility = "public";
};

// The search of the library: words (title, purpose, tags; accents and case ignored), the time
// available (methods that fit in it: minimum duration ≤ minutes), a group size (within the
// method's range) and a tag.
struct Filter {
  std::string text;
  long long minutes = 0;  // 0: any
  long long people = 0;   // 0: any
  std::string tag;
};

struct MethodPage {
  std::vector<Method> items;
  long long total = 0;
  long long page = 1;
};

// A use as the reader may see it: the place's title and the note only when the reader may see
// them (see uses()).
struct UseView {
  Use use;
  std::string place_kind;  // project, halfday
  bool masked = false;     // the reader may not see where: "un projet du réseau" / "une formation du réseau"
  bool note_shown = false;
  std::string place_url;  // '' when masked
  bool may_delete = false;
};

struct UsePage {
  std::vector<UseView> items;
  long long total = 0;
  long long page = 1;
};

// Where `me` may record a use: their projects (facilitator or member) and the half-days of the
// sessions they teach.
struct UseTargets {
  std::vector<MethodChoice> projects;
  std::vector<HalfDayChoice> halfdays;
};

struct UseInput {
  std::string place;  // "project" or "halfday"
  long long project_id = 0, halfday_id = 0;
  std::string used_on;  // ISO day, for a project (a half-day has its own day)
  std::string note;
};

inline constexpr long long kPerPage = 20;

// The checks of the method form (bad input: a French message's key and its field, nothing changed);
// on success `out` holds the cleaned values (trimmed, empty lines dropped, tags without duplicates).
Outcome check_input(const MethodInput& in, Method& out);
// What the search matches: the title, purpose and tags, folded (fold_for_search).
std::string search_text_of(const Method& m);
// The folded tags as ",tag one,tag two," ('' without tags), for the filter by tag.
std::string tags_key_of(const std::vector<std::string>& tags);
// The search's words and filter as the repository binds them.
Query query_of(const Principal& me, const Filter& filter);

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects) {}

  // ---- Contract for the other modules (meetings: an agenda item may refer to a method by id)
  // The methods `me` may read (public ones for an anonymous visitor, every one signed in), by title.
  std::vector<MethodChoice> choices(const Principal& me);
  // One of them by id; nullopt when it does not exist or `me` may not read it.
  std::optional<MethodChoice> choice(const Principal& me, long long id);

  // ---- The library
  MethodPage search(const Principal& me, const Filter& filter, long long page);
  // A method `me` may read (nullopt: answer 404).
  std::optional<Method> method(const Principal& me, long long id);
  // Whether `me` may write methods at all (trainings.teach, trainings.manage, or facilitator of a project).
  bool may_write(const Principal& me);
  // Whether `me` may edit this method (its author, training staff, administrators).
  static bool may_edit(const Principal& me, const Method& m);
  // The form's values of an existing method.
  static MethodInput input_of(const Method& m);

  Outcome create(const Actor& actor, const Principal& me, const MethodInput& in);
  Outcome update(const Actor& actor, const Principal& me, long long id, const MethodInput& in);

  // ---- Where it was used
  // The method's uses, newest first, as `me` may see them: a project's title and the note only to
  // those who read the project (its public summary shows the title, not the note); a session's
  // title to anyone when its programme is published, its note to signed-in readers; otherwise
  // masked (where stays hidden, the day shows).
  UsePage uses(const Principal& me, long long method_id, long long page);
  UseTargets use_targets(const Principal& me);
  Outcome record_use(const Actor& actor, const Principal& me, long long method_id, const UseInput& in);
  // By whoever recorded it, training staff or an administrator; the outcome's id is the method's.
  Outcome delete_use(const Actor& actor, const Principal& me, long long use_id);

  // Starter methods come with migration 0037 (every installation); the demo adds uses of them in
  // the seed's project. Does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: none.
  long long run_due(long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::methods
