/// The passwords people choose most often, as public lists of breached passwords rank them, with the
/// defaults that ship with software (`admin`, `changeme`, `toor`). A guesser tries these first, so the
/// password policy refuses them where it is asked to, whatever their case.
enum CommonPasswords {
    static func contains(_ password: String) -> Bool {
        list.contains(password.lowercased())
    }

    private static let list: Set<String> = [
        "123456", "password", "123456789", "12345678", "12345", "qwerty", "1234567", "111111", "1234567890",
        "123123", "abc123", "1234", "password1", "iloveyou", "1q2w3e4r", "000000", "qwerty123", "zaq12wsx", "dragon",
        "sunshine", "princess", "letmein", "654321", "monkey", "27653", "1qaz2wsx", "123321", "qwertyuiop",
        "superman", "asdfghjkl", "666666", "121212", "football", "baseball", "welcome", "welcome1", "admin",
        "admin123", "administrator", "root", "toor", "master", "login", "passw0rd", "p@ssw0rd", "p@ssword",
        "password123", "password12", "password1234", "trustno1", "shadow", "michael", "jennifer", "jordan", "hunter",
        "hunter2", "ranger", "buster", "soccer", "harley", "batman", "andrew", "tigger", "charlie", "robert",
        "thomas", "hockey", "daniel", "starwars", "klaster", "112233", "george", "computer", "michelle", "jessica",
        "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom", "777777", "pass", "maggie", "159753",
        "aaaaaa", "ginger", "joshua", "cheese", "amanda", "summer", "love", "ashley", "6969", "nicole", "chelsea",
        "biteme", "matthew", "access", "yankees", "987654321", "dallas", "austin", "thunder", "taylor", "matrix",
        "minecraft", "william", "corvette", "hello", "martin", "heather", "secret", "fucker", "merlin", "diamond",
        "1234qwer", "gfhjkm", "hammer", "silver", "222222", "88888888", "anthony", "justin", "test", "bailey",
        "q1w2e3r4t5", "patrick", "internet", "scooter", "orange", "11111", "golfer", "cookie", "richard", "samantha",
        "bigdog", "guitar", "jackson", "whatever", "mickey", "chicken", "sparky", "snoopy", "maverick", "phoenix",
        "camaro", "sexy", "peanut", "morgan", "welcome123", "falcon", "cowboy", "ferrari", "samsung", "andrea",
        "smokey", "steelers", "joseph", "mercedes", "dakota", "arsenal", "eagles", "melissa", "boomer", "booboo",
        "spider", "nascar", "monster", "tigers", "yellow", "xxxxxx", "123123123", "gateway", "marina", "diablo",
        "bulldog", "qwer1234", "compaq", "purple", "hardcore", "banana", "junior", "hannah", "123654", "porsche",
        "lakers", "iceman", "money", "cowboys", "987654", "london", "tennis", "999999", "ncc1701", "coffee",
        "scooby", "0000", "miller", "boston", "q1w2e3r4", "fuckoff", "brandon", "yamaha", "chester", "mother",
        "forever", "johnny", "edward", "333333", "oliver", "redsox", "player", "nikita", "knight", "fender",
        "barney", "midnight", "please", "brandy", "chicago", "badboy", "iwantu", "slayer", "rangers", "charles",
        "angel", "flower", "bigdaddy", "rabbit", "wizard", "bigdick", "jasper", "enter", "rachel", "chris",
        "7777777", "winter", "mustang", "qazwsx", "1q2w3e", "1q2w3e4r5t", "qwe123", "asdf", "asdfgh", "asdf1234",
        "zxcvbnm", "123qwe", "12qwaszx", "test123", "test1234", "changeme", "changeme123", "default", "guest",
        "user", "user123", "demo", "demo123", "secret123", "letmein123", "iloveyou1", "abcd1234", "abcdef",
        "abcdefg", "abcdefgh", "1234abcd", "aa123456", "a123456", "123456a", "1234561", "12341234", "10203",
        "102030", "123abc", "696969",
    ]
}
