// Action programmes (docs/network_life/action_programmes.md): a programme of an organiser has
// editions (a year or a period), partners and funders per edition, sessions of fixed kinds with a
// capacity in places, pseudonymous participants (an outings beneficiary code, never a name)
// registered by their relais's referents, registrations with attendance, and outcomes in fixed
// categories for remobilisation programmes.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace trame::action_programmes {

inline const std::vector<std::string>& session_kinds() {
  static const std::vector<std::string> list = {"decouverte", "atelier_enfants", "atelier_numerique", "stage"};
  return list;
}
inline const std::vector<std::string>& outcome_categories() {
  static const std::vector<std::string> list = {"formation", "emploi", "autre", "aucune"};
  return list;
}
inline const std::vector<std::string>& participant_kinds() {
  static const std::vector<std::string> list = {"household", "person"};
  return list;
}

struct Programme {
  long long id = 0, organiser_id = 0;
  std::string organiser_name, title, description;
  bool remobilisation = false;
  long long created_by = 0, created_at = 0, updated_at = 0;
};

struct Edition {
  long long id = 0, programme_id = 0;
  std::string title, starts_on, ends_on, summary;
  long long created_at = 0;
};

struct Partner {
  long long organisation_id = 0;
  std::string name, role;
};

struct Funder {
  long long organisation_id = 0;
  std::string name;
  long long amount_euros = 0;  // 0: not given
};

struct Session {
  long long id = 0, edition_id = 0;
  std::string kind, title;
  long long starts_at = 0, ends_at = 0;
  std::string place;
  long long capacity = 0, taken = 0, attendance_at = 0, created_at = 0;
};

struct Participant {
  long long id = 0, edition_id = 0, beneficiary_id = 0;
  std::string code;  // the outings beneficiary code (B-XXXX-XX), never a name
  long long relais_id = 0;
  std::string relais_name, kind;
  long long adults = 1, children = 0;
  std::string outcome;  // '' or a category
  long long sessions = 0;
  long long places() const { return kind == "household" ? adults + children : 1; }
};

struct Registration {
  long long id = 0, session_id = 0, participant_id = 0;
  std::string code, relais_name;
  long long relais_id = 0, places = 1;
  bool present = false;
};

// The figures of an edition (exact; masked for funders and partners by `shown`).
struct Figures {
  long long participants = 0, households = 0, persons = 0, people = 0;
  long long sessions = 0, sessions_held = 0;
  long long registrations_held = 0, present = 0;  // in sessions whose attendance is recorded
  std::map<std::string, long long> outcomes;      // category → count
};

// What the forms send (texts as typed).
struct ProgrammeInput {
  std::string title, description, remobilisation, organiser;
};
struct EditionInput {
  std::string title, starts_on, ends_on, summary;
};
struct SessionInput {
  std::string kind, title, starts, ends, place, capacity;
};
struct ParticipantInput {
  std::string beneficiary, kind, adults, children;
};

}  // namespace trame::action_programmes
