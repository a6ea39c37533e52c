// « Par Ici la Sortie », digital (/jeu; docs/mediation.md « Par Ici la Sortie »): decks edited by coordinators
// (game.edit), every edit a new version; games started by a mediator (game.play) from a deck's current version,
// with 2 to 6 teams (names only), joined by a board with a short code and no account; the state is kept here
// (positions, turn, drawn cards, winner) and each change raises the game's sequence, which the board's
// server-sent events carry as their id. Games expire a day after they started.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mediation/game/model.hpp"
#include "mediation/game/repository.hpp"

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::mediation::game {

struct DeckView {
  Deck deck;
  std::vector<Card> cards;  // of the current version
};

// A page of a deck's cards (its current version), of one type or all.
struct CardPage {
  Deck deck;
  std::vector<Card> items;
  long long total = 0;  // cards of that type (all types: kind '')
  int page = 1;
};

// What the board and the mediator see of a game.
struct GameView {
  Game game;
  std::optional<Card> card;  // the card drawn and not yet played
  long long cards = 0;       // cards in the version played
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // Failed board look-ups (an unknown code) allowed per address and window.
  static constexpr long long kBadCodesPerIp = 30;
  static constexpr long long kBadCodeWindow = 600;

  // ---- Decks (game.edit; reading the list: game.play too, to start a game)
  std::vector<Deck> decks();
  std::optional<DeckView> deck(long long id);
  // The deck's page `page` (from 1, kept within the pages) of its cards of type `kind` ('' or unknown: all).
  static constexpr int kPerPage = 20;
  std::optional<CardPage> deck_cards(long long id, const std::string& kind, int page);
  // The cards of a version (the printable deck, the offline board).
  std::vector<Card> cards(long long version_id);
  Outcome create_deck(const Actor& actor, const std::string& name);
  // Adds a card: a new version of the deck with every card of the current one and this one.
  // `image`: the uploaded bytes ('' none), checked by their bytes (PNG, JPEG or WebP; kept as PNG or JPEG).
  Outcome add_card(const Actor& actor, long long deck_id, const CardInput& in, const std::string& image);
  // Changes a card of the current version (a new version, where that card is changed).
  Outcome update_card(const Actor& actor, long long deck_id, long long card_id, const CardInput& in,
                      const std::string& image);
  // Removes a card (a new version without it).
  Outcome remove_card(const Actor& actor, long long deck_id, long long card_id);
  // A card's image: type and bytes ('' type: none).
  std::pair<std::string, std::string> image(long long card_id);
  // The image of a card of a deck's current version (the offline board, public: the deck is public there).
  std::pair<std::string, std::string> current_image(long long card_id);
  // A card's image for the printable deck: a PNG (the PDF draws PNG; a JPEG is decoded and written again as
  // PNG, at most kPrintPixels wide or high), '' when the card has none or it cannot be read.
  static constexpr int kPrintPixels = 600;
  std::string print_picture(long long card_id);

  // ---- Games
  // Starts a game from the deck's current version; the outcome's id is the game's id and `code` its code.
  Outcome start(const Actor& actor, const Principal& me, const std::string& deck, const std::string& teams,
                std::string& code);
  // The game of a code, not expired (nullopt otherwise).
  std::optional<GameView> view(const std::string& code);
  // The same for the board: an unknown code takes one unit of the address's budget; false in `limited`
  // when the budget is spent (the answer is then 429 whatever the code).
  std::optional<GameView> board_view(const std::string& code, const std::string& ip, bool& limited);
  // The game for its mediator (nullopt: not found, expired, or someone else's: 404).
  std::optional<GameView> mediated(const Principal& me, const std::string& code);
  std::vector<Game> my_games(const Principal& me);
  // Draws a card for the team whose turn it is (at random among those not yet drawn; all drawn: shuffled
  // again). Refused while a card waits to be played or once the game is won.
  Outcome draw(const Actor& actor, const Principal& me, const std::string& code);
  // Plays the card drawn: `apply` moves the team by the card's move, otherwise the team stays; the turn passes.
  Outcome play(const Actor& actor, const Principal& me, const std::string& code, bool apply);
  // Moves a team by hand (-3..3), the mediator's correction; the turn does not change unless the team wins.
  Outcome move(const Actor& actor, const Principal& me, const std::string& code, const std::string& team,
               const std::string& steps);

  // An offline game sent back: the moves made on the device since the state of sequence `base`, in order,
  // and the state they led to. When the game is still at `base`, they are played in order with the rules
  // above and must reach `reached` (otherwise refused, nothing changed), in one change of the sequence; when
  // the game moved meanwhile, a conflict « game.sync.errors.changed » and the server's state is kept.
  Outcome sync(const Actor& actor, const Principal& me, const std::string& code, long long base,
               const std::vector<SyncMove>& moves, const SyncState& reached);

  // Deletes expired games; returns how many.
  long long run_due(long long now);

 private:
  static Outcome validate(const CardInput& in, Card& c);
  // The image checked by its bytes: type and normalised bytes, or refuse().
  static std::pair<std::string, std::string> checked_image(const std::string& bytes);
  Outcome edit(const Actor& actor, long long deck_id, long long card_id, const CardInput* in, const std::string& image,
               const char* action);
  template <class F>
  Outcome change_game(const Actor& actor, const Principal& me, const std::string& code, F&& f);
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::mediation::game
