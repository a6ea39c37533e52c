// Guest lists' pure rules (src/guestlists/model.hpp): the booking code typed at the door.
#include <gtest/gtest.h>

#include "outings/guestlists/model.hpp"

using trame::guestlists::normalise_code;
using trame::guestlists::on_list;

TEST(GuestlistCode, AcceptsAnyCaseWithOrWithoutDash) {
  EXPECT_EQ(normalise_code("ACDE-FGH3"), "ACDE-FGH3");
  EXPECT_EQ(normalise_code("acdefgh3"), "ACDE-FGH3");
  EXPECT_EQ(normalise_code("  acde-fgh3\n"), "ACDE-FGH3");
  EXPECT_EQ(normalise_code("AC DE FG H3"), "ACDE-FGH3");
}

TEST(GuestlistCode, RefusesWhatIsNotEightLettersOrDigits) {
  EXPECT_EQ(normalise_code(""), "");
  EXPECT_EQ(normalise_code("ACDE-FGH"), "");
  EXPECT_EQ(normalise_code("ACDE-FGH34"), "");
  EXPECT_EQ(normalise_code("ACDE_FGH3"), "");
  EXPECT_EQ(normalise_code("ACDÉ-FGH3"), "");
  EXPECT_EQ(normalise_code("'; DROP--"), "");
}

TEST(GuestlistCode, ListsBookingsHoldingAPlaceAtTheDoor) {
  EXPECT_TRUE(on_list("confirmed"));
  EXPECT_TRUE(on_list("used"));
  EXPECT_TRUE(on_list("no_show"));
  EXPECT_FALSE(on_list("offered"));
  EXPECT_FALSE(on_list("waiting"));
  EXPECT_FALSE(on_list("requested"));
  EXPECT_FALSE(on_list("cancelled"));
}
