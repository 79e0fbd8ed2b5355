import ChatProtocol
import Identity
import Testing

@Suite struct IdentityTests {
    @Test(arguments: IdentityVectors.all.identities) func aSeedGivesTheVectorsKeyAndFingerprint(vector: IdentityVectors.Identity) throws {
        let identity = try #require(Identity(seed: Base64URL.decode(vector.seed)!))
        #expect(identity.publicKey.text == vector.key)
        #expect(identity.publicKey.fingerprint == vector.fingerprint)
    }

    @Test(arguments: IdentityVectors.all.hello) func theHelloInputAndProofAreTheVectors(vector: IdentityVectors.Hello) throws {
        let identity = try #require(Identity(seed: Base64URL.decode(vector.seed)!))
        let input = SigningInput.hello(nonce: Base64URL.decode(vector.nonce)!, name: vector.name)
        #expect(input == vector.input.hexBytes)
        // Ed25519 is deterministic: the same key and input give the same signature everywhere.
        #expect(identity.signText(input) == vector.signature)
        #expect(identity.publicKey.isValidSignature(text: vector.signature, for: input))
    }

    @Test(arguments: IdentityVectors.all.messages) func theMessageInputAndSignatureAreTheVectors(vector: IdentityVectors.Message) throws {
        let identity = try #require(Identity(seed: Base64URL.decode(vector.seed!)!))
        let kind = try #require(SigningInput.Kind(rawValue: vector.kind))
        let input = SigningInput.message(kind: kind, scope: vector.scope, id: vector.id, text: Array(vector.text.utf8), refs: vector.refs ?? [])
        #expect(input == vector.input!.hexBytes)
        #expect(identity.signText(input) == vector.sig)
        #expect(IdentityKey(text: vector.key)!.isValidSignature(text: vector.sig, for: input))
    }

    @Test(arguments: IdentityVectors.all.invalid) func aSignatureWithAnythingChangedDoesNotVerify(vector: IdentityVectors.Message) throws {
        let kind = try #require(SigningInput.Kind(rawValue: vector.kind))
        let input = SigningInput.message(kind: kind, scope: vector.scope, id: vector.id, text: Array(vector.text.utf8), refs: vector.refs ?? [])
        let key = try #require(IdentityKey(text: vector.key))
        #expect(!key.isValidSignature(text: vector.sig, for: input))
    }

    @Test(arguments: IdentityVectors.all.safety) func theSafetyNumberIsTheVectorsInEitherOrder(vector: IdentityVectors.Safety) throws {
        let a = try #require(IdentityKey(text: vector.a))
        let b = try #require(IdentityKey(text: vector.b))
        #expect(SafetyNumber(a, b).description == vector.number)
        #expect(SafetyNumber(b, a) == SafetyNumber(a, b))
        #expect(SafetyNumber(a, b).rows.count == 3)
    }

    @Test func anExportedIdentityIsTheSameIdentityAndOtherTextsAreRefused() throws {
        let identity = Identity()
        let carried = try #require(Identity(exported: "  \(identity.exported)\n"))
        #expect(carried.publicKey == identity.publicKey)
        #expect(Identity(exported: identity.exported.replacingOccurrences(of: "privchat-id1-secret:", with: "")) == nil)
        #expect(Identity(exported: "privchat-id1-secret:AAAA") == nil)
    }

    @Test func keysThatAreNot32BytesOrNotBase64URLAreRefused() {
        #expect(IdentityKey(text: "AAAA") == nil)
        #expect(IdentityKey(text: String(repeating: "A", count: 42) + "=") == nil)
        #expect(IdentityKey(bytes: [UInt8](repeating: 1, count: 31)) == nil)
    }
}
