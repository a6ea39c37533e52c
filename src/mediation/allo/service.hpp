// « Allô l'Artiste ! » (/allo-artiste, docs/mediation.md): artists propose shows (with a sample audio file
// checked by its bytes) and give availabilities; a coordinator accepts shows and builds the programme (one
// show per slot, an artist available then, a bridge number and PIN, a capacity); referents register
// listeners under a code within the capacity and are reminded the day before; the artist reports after the
// slot; statistics per month, language and relais; a printable weekly programme (HTML and PDF).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mediation/allo/model.hpp"
#include "mediation/allo/repository.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::mediation::allo {

// The demo's artists (fictive; the demo password).
inline constexpr const char* kDemoArtist = "artiste.conteuse@trame.local";
inline constexpr const char* kDemoArtist2 = "artiste.musicien@trame.local";

template <typename T>
struct Page {
  std::vector<T> items;
  long long total = 0;
  int page = 1, pages = 1;
};

// What a slot's page shows to one person.
struct SlotView {
  Slot slot;
  bool programs = false;         // allo.program
  bool performs = false;         // the show's artist
  bool registers = false;        // allo.register
  std::vector<Listener> mine;    // the listeners I registered
  std::vector<Choice> relais;    // the relais I may register for
  std::string refusal;           // why registering is not possible now ('' when it is)
  bool may_report = false;       // the artist, once the slot has started
  bool may_change = false;       // a coordinator, before the slot starts and while it stands (edit, cancel)
  std::vector<Show> candidates;  // the shows it may change to (the current one first)
};

struct Week {
  std::string monday, sunday;
  std::vector<std::string> days;  // the seven days
  std::vector<Slot> slots;
};

struct Stats {
  std::string from, to;
  std::vector<StatLine> months, languages, relais;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  static constexpr int kPerPage = 20;

  static bool programs(const Principal& me) { return me.can(perm::allo_program); }
  static bool performs(const Principal& me) { return me.can(perm::allo_perform); }
  static bool registers(const Principal& me) { return me.can(perm::allo_register); }

  // ---- Artists
  Page<Show> my_shows(const Principal& me, int page);
  Outcome propose(const Actor& actor, const Principal& me, const ShowInput& in);
  // One of my shows (nullopt for another artist's: 404).
  std::optional<Show> my_show(const Principal& me, long long id);
  // While proposed: every field, with the checks of a proposal (the sample replaced when one is sent). Once
  // accepted: only the presentation and the sample (the title, discipline, language and duration are on the
  // programme: a different one is refused). Declined or withdrawn: 409.
  Outcome edit_show(const Actor& actor, const Principal& me, long long show_id, const ShowInput& in);
  // A proposed or accepted show becomes « Retiré » (out of the coordinators' queue and of the candidates); an
  // accepted one with live slots to come is refused (422: call the coordination).
  Outcome withdraw_show(const Actor& actor, const Principal& me, long long show_id);
  std::vector<Availability> my_availabilities(const Principal& me);
  // A day and the hours ticked (11, 15, 17, 19); the ones already given are kept.
  Outcome add_availability(const Actor& actor, const Principal& me, const std::string& day,
                           const std::vector<std::string>& hours);
  Outcome remove_availability(const Actor& actor, const Principal& me, long long id);
  Page<Slot> my_slots(const Principal& me, int page);
  // After the slot started: the listeners counted on the bridge and remarks (the show's artist).
  Outcome report(const Actor& actor, const Principal& me, long long slot_id, const std::string& count,
                 const std::string& remarks);

  // ---- The show's sample: its artist or the programme's coordinators; nullopt otherwise (404).
  std::optional<std::pair<Show, std::string>> sample(const Principal& me, long long show_id);

  // ---- Coordinators
  Page<Show> shows(const std::string& status, int page);
  Outcome decide(const Actor& actor, const Principal& me, long long show_id, const std::string& decision);
  // The accepted shows whose artist is available that day and hour.
  std::vector<Show> candidates(const std::string& day, int hour);
  Outcome create_slot(const Actor& actor, const Principal& me, const SlotInput& in);
  // Before it starts: the slot stays on the programme as « Annulée », its day and hour become free, every
  // referent with listeners is e-mailed (the reason, how many of theirs were registered); a reason is required.
  Outcome cancel_slot(const Actor& actor, const Principal& me, long long slot_id, const std::string& reason);
  // Before it starts: another show (accepted, its artist available then), the bridge (referents with listeners
  // are e-mailed the new access) or the capacity (never below the listeners registered). in.day/hour unused.
  Outcome edit_slot(const Actor& actor, const Principal& me, long long slot_id, const SlotInput& in);
  Stats stats(const std::string& from, const std::string& to);

  // ---- The programme (referents, coordinators)
  // The week holding `day` (today when it is not a date).
  Week week(const std::string& day);
  // The weekly programme as a PDF, in French and in the languages of the week's shows.
  std::string programme_pdf(const Week& w);

  // ---- Slots and listeners
  std::optional<SlotView> slot_view(const Principal& me, long long id);
  // A listener for the slot (a code made here, no name), for one of my relais; Outcome.id is the listener.
  Outcome register_listener(const Actor& actor, const Principal& me, long long slot_id, const std::string& language,
                            const std::string& relais);
  Outcome cancel_listener(const Actor& actor, const Principal& me, long long slot_id, long long listener_id);
  std::optional<Listener> listener(long long id);

  // "mardi 12/03/2026 à 15 h".
  std::string when(const Slot& s) const;
  std::string t(const std::string& key, const web::Params& params = {}) const;

  void load_demo(const Actor& actor);
  // The reminders of the day before to the referents; returns how many e-mails.
  long long run_due(long long now);

 private:
  std::vector<Choice> relais_of(const Principal& me);
  // Queues one e-mail per referent with listeners on `s` (allo.mail.KIND.subject/body, their count as {n}).
  void write_referents(soci::session& sql, const Slot& s, const std::string& kind, web::Params params);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::mediation::allo
