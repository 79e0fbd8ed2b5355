import ChatProtocol
import Testing

@testable import Gateway

@Suite struct IRCNickTests {
    @Test(arguments: [
        ("Ann Lee", "Ann\\20Lee"), ("a!b@c", "a\\21b\\40c"), ("x,y*z?", "x\\2Cy\\2Az\\3F"), ("back\\slash", "back\\5Cslash"),
        ("#hash", "\\23hash"), ("a#b", "a#b"), ("-dash", "\\2Ddash"), ("~t", "\\7Et"), ("[]{}|^", "[]{}|^"), ("Zoë 🎉", "Zoë\\20🎉"),
    ])
    func namesBecomeNicksAsTheSpecSays(name: String, nick: String) throws {
        #expect(IRCNick.encode(name) == nick)
        #expect(try IRCNick.decode(nick).get().value == name)
    }

    @Test func onlyTheExactEncodingOfANameDecodes() {
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("\\41nn").get() }  // "Ann", spelt with an escape it needs not
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("a\\2cb").get() }  // lowercase hex: a second spelling of \2C
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("a\\2").get() }  // a \ without two hex digits
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("a\\zz").get() }
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("Ann\\20").get() }  // a name cannot end with a space
    }

    @Test func aNickThatSpellsNoUsernameIsRefusedWithTheUsernameRule() {
        #expect(IRCNick.decode("a\\3Ab") == .failure(IRCNick.Refusal(reason: UserNameError.colon.description)))
        #expect(throws: IRCNick.Refusal.self) { try IRCNick.decode("\\FF").get() }  // not UTF-8
    }

    @Test func theMappingIsOneToOneOverAwkwardNames() throws {
        let names = ["a b", "a\\20b", "\\", "-", "a-", "@", " x", "a  b", "日本", "%p", "+v", "&c", "$d"]
        var nicks: Set<String> = []
        for raw in names {
            guard let name = try? UserName(validating: raw) else { continue }
            let nick = IRCNick.encode(name.value)
            #expect(!nick.contains(" ") && !nick.contains("!") && !nick.contains("@") && !nick.contains(","))
            #expect(try IRCNick.decode(nick).get() == name)
            nicks.insert(nick)
        }
        #expect(nicks.count == Set(names.compactMap { try? UserName(validating: $0).value }).count)
    }
}
