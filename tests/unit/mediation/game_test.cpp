// « Par Ici la Sortie »'s pure rules (src/mediation/game/model.hpp): moves typed in a form, team names, the
// board's code, a move on the track (the first to reach the show wins, the turn passes), the cards drawn.
#include <gtest/gtest.h>

#include "mediation/game/model.hpp"

namespace trame::mediation::game {

TEST(GameRules, MovesFromMinusThreeToThree) {
  int m = 0;
  EXPECT_TRUE(parse_move("2", m));
  EXPECT_EQ(m, 2);
  EXPECT_TRUE(parse_move("-3", m));
  EXPECT_EQ(m, -3);
  EXPECT_TRUE(parse_move("+1", m));
  EXPECT_EQ(m, 1);
  EXPECT_TRUE(parse_move("0", m));
  EXPECT_EQ(m, 0);
  m = 7;
  EXPECT_FALSE(parse_move("4", m));
  EXPECT_FALSE(parse_move("-4", m));
  EXPECT_FALSE(parse_move("", m));
  EXPECT_FALSE(parse_move("deux", m));
  EXPECT_FALSE(parse_move("12", m));
  EXPECT_EQ(m, 7);  // unchanged when refused
}

TEST(GameRules, TeamNamesOnePerLine) {
  auto names = team_names("  Les Étoiles \r\n\nLes Comètes\n   \n");
  ASSERT_EQ(names.size(), 2U);
  EXPECT_EQ(names[0], "Les Étoiles");
  EXPECT_EQ(names[1], "Les Comètes");
  EXPECT_TRUE(team_names("").empty());
}

TEST(GameRules, CodesOfSixUnambiguousCharacters) {
  EXPECT_EQ(normalise_code(" abc-23k "), "ABC23K");
  EXPECT_TRUE(code_shape("ABC23K"));
  EXPECT_FALSE(code_shape("ABC23"));
  EXPECT_FALSE(code_shape("ABC230"));  // 0 is not in the alphabet (read as O)
  EXPECT_FALSE(code_shape("ABCI2K"));  // nor I
  EXPECT_FALSE(
      code_shape(std::string("ABC\0"
                             "2K",
                             6)));
}

TEST(GameRules, FirstToTheShowWinsAndTheTurnPasses) {
  Game g;
  g.track = 10;
  g.teams = {{0, "A", 0}, {1, "B", 0}, {2, "C", 9}};
  apply_move(g, 0, 2);
  EXPECT_EQ(g.teams[0].square, 2);
  EXPECT_EQ(g.turn, 1);
  apply_move(g, 1, -2);  // never behind the start
  EXPECT_EQ(g.teams[1].square, 0);
  EXPECT_EQ(g.turn, 2);
  apply_move(g, 2, 3);  // never beyond the show: there, the game is won
  EXPECT_EQ(g.teams[2].square, 10);
  EXPECT_EQ(g.status, "won");
  EXPECT_EQ(g.winner, 2);
  apply_move(g, 0, 3);  // over: nothing moves
  EXPECT_EQ(g.teams[0].square, 2);
  EXPECT_EQ(g.winner, 2);
}

TEST(GameRules, DrawnIds) {
  EXPECT_EQ(drawn_ids("3,8,12"), (std::vector<long long>{3, 8, 12}));
  EXPECT_TRUE(drawn_ids("").empty());
}

}  // namespace trame::mediation::game
