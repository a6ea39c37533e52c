// « Par Ici la Sortie », digital (docs/mediation.md « Par Ici la Sortie »): decks of cards, versioned, and games
// played by teams (names only) on a track from the start to « le spectacle », with the pure rules the service
// and the unit tests share; the moves of an offline game sent back (SyncMove, SyncState).
#pragma once
#include <array>
#include <string>
#include <vector>

namespace trame::mediation::game {

// The four card types of the game.
inline constexpr std::array<const char*, 4> kKinds = {"culture", "transports", "artistes", "spectateurs"};

struct Deck {
  long long id = 0;
  std::string name;
  bool starter = false;
  long long current_version = 0;  // game_deck_versions.id
  long long version_number = 0;   // its number within the deck
  long long cards = 0;            // cards of the current version
  long long updated_at = 0;
};

struct Card {
  long long id = 0, version_id = 0;
  int position = 0;
  std::string kind;                    // one of kKinds
  std::string text;                    // what the mediator reads
  std::string answer_kind = "answer";  // answer (the expected answer) or prompt (a discussion prompt)
  std::string answer;
  int move = 1;            // squares forward (> 0) or back (< 0)
  std::string image_type;  // '' when the card has no image
};

struct Team {
  int position = 0;
  std::string name;
  int square = 0;
};

struct Game {
  long long id = 0;
  std::string code;
  long long deck_id = 0, version_id = 0, mediator_id = 0;
  std::string deck_name;
  int track = 0, turn = 0;
  std::string status = "playing";  // playing, won
  int winner = -1;
  long long card_id = 0;  // the card drawn and not yet played
  std::string drawn;      // ids drawn since the last shuffle, comma-separated
  long long seq = 1;
  std::string last_event;
  long long created_at = 0, updated_at = 0, expires_at = 0;
  std::vector<Team> teams;
};

// A move made on the mediator's device while offline, sent back when online again (Service::sync).
struct SyncMove {
  std::string action;  // draw (card: the card drawn), play (apply: the card's move or none), move (team, steps)
  long long card = 0;
  bool apply = false;
  int team = 0, steps = 0;
};

// The state the device reached after its moves: the server's replay must reach the same.
struct SyncState {
  std::vector<int> squares;  // per team, in order
  int turn = 0;
  std::string status = "playing";
  int winner = -1;
  long long card = 0;  // the card drawn and not yet played (0: none)
};

inline constexpr std::size_t kSyncMovesMax = 500;

// A card's form, as typed.
struct CardInput {
  std::string kind, text, answer_kind, answer, move;
};

// ---- Pure rules (tests/unit/mediation/game_test.cpp)

inline constexpr int kTrack = 10;  // squares from the start to « le spectacle »
inline constexpr int kMinTeams = 2;
inline constexpr int kMaxTeams = 6;
inline constexpr std::size_t kTeamNameMax = 40;
inline constexpr std::size_t kTextMax = 400;
inline constexpr std::size_t kNameMax = 120;
inline constexpr int kMaxMove = 3;
inline constexpr long long kGameLife = 24 * 3600;  // a game expires a day after it started
inline constexpr std::size_t kCodeLength = 6;
// The code's letters: no 0/O, 1/I/L that are read one for the other on a screen.
inline constexpr const char* kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

bool known_kind(const std::string& kind);
// A move typed in a form: -3..3 (a sign allowed), or nullopt-like false.
bool parse_move(const std::string& text, int& move);
// The team names typed one per line: trimmed, empty lines dropped.
std::vector<std::string> team_names(const std::string& text);
// Whether a code has the shape of a game's code (kCodeLength letters of kCodeAlphabet, any case).
bool code_shape(const std::string& code);
// The code typed by someone: upper case, blanks dropped.
std::string normalise_code(const std::string& code);
// Moves team `team` by `steps` (kept within 0..track); the first to reach the track wins and the game is
// over; otherwise the turn passes to the next team. Nothing happens to a game already won.
void apply_move(Game& g, int team, int steps);
// The ids listed in `drawn` ("3,8,12").
std::vector<long long> drawn_ids(const std::string& drawn);

}  // namespace trame::mediation::game
