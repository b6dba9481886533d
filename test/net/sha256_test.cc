// net::Sha256 / Sha256Hex / DigestHex against FIPS 180-2's published vectors.

#include "net/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace contrail::net {
namespace {

TEST(Sha256Test, MatchesThePublishedVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, TheRawDigestAndItsHexAgree) {
  const Sha256Digest d = Sha256("abc");
  EXPECT_EQ(d[0], 0xba);
  EXPECT_EQ(d[31], 0xad);
  EXPECT_EQ(DigestHex(d), Sha256Hex("abc"));
  EXPECT_EQ(DigestHex(d, 4), "ba7816bf");
  EXPECT_EQ(DigestHex(d, 99).size(), 64u);  // never more than the digest holds
}

}  // namespace
}  // namespace contrail::net
