//! Tokenizer rules, one data-driven case per line: the input, then its tokens as `text/kind`
//! (kind: w word, n number, p punct, s symbol, o other-script).

use rhetor_doc::{TokenKind, Vocabulary, tokenize};

fn check(input: &str, expected: &str) {
    let mut vocab = Vocabulary::new();
    let mut tokens = Vec::new();
    tokenize(input, &mut vocab, &mut tokens);
    let got: Vec<String> = tokens
        .iter()
        .map(|t| {
            let k = match t.kind {
                TokenKind::Word => "w",
                TokenKind::Number => "n",
                TokenKind::Punct => "p",
                TokenKind::Symbol => "s",
                TokenKind::OtherScript => "o",
            };
            format!("{}/{k}", &input[t.start as usize..t.end as usize])
        })
        .collect();
    assert_eq!(got.join(" "), expected, "input: {input:?}");
}

fn forms(input: &str) -> Vec<String> {
    let mut vocab = Vocabulary::new();
    let mut tokens = Vec::new();
    tokenize(input, &mut vocab, &mut tokens);
    tokens.iter().map(|t| vocab.form(t.form).to_string()).collect()
}

#[test]
fn hyphenated_compounds_are_one_word() {
    check("Kimilsungist-Kimjongilist", "Kimilsungist-Kimjongilist/w");
    check("the grass-roots organizations", "the/w grass-roots/w organizations/w");
    check("a five-year plan", "a/w five-year/w plan/w");
    check("COVID-19 and 19-year-old", "COVID-19/w and/w 19-year-old/w");
    check("a well‐known (U+2010) word", "a/w well‐known/w (/p U/w +/s 2010/n )/p word/w");
}

#[test]
fn dashes_between_words_split() {
    check("construction–this", "construction/w –/p this/w");
    check("words—and more", "words/w —/p and/w more/w");
    check("so--then", "so/w --/p then/w");
    check("end -", "end/w -/p");
}

#[test]
fn possessives_and_apostrophes() {
    check("the Party's members", "the/w Party's/w members/w");
    check("the Party’s members", "the/w Party’s/w members/w");
    check("the Workers' Party", "the/w Workers/w '/p Party/w");
    check("don't 'quote'", "don't/w '/p quote/w '/p");
    assert_eq!(forms("Party’s PARTY'S"), ["party's", "party's"]);
}

#[test]
fn numbers() {
    check("10 000 tons", "10 000/n tons/w");
    check("1 000 000 and 1.5 and 1,000", "1 000 000/n and/w 1.5/n and/w 1,000/n");
    check("Juche 110(2021)", "Juche/w 110/n (/p 2021/n )/p");
    check("No. 15 (3 155)", "No/w ./p 15/n (/p 3 155/n )/p");
    check("$100.00. It", "$/s 100.00/n ./p It/w");
    check("the 5th and 1990s", "the/w 5th/w and/w 1990s/w");
    check("in 1990 2000 people", "in/w 1990/n 2000/n people/w");
    check("12 3456", "12/n 3456/n");
    assert_eq!(forms("10 000"), ["10000"]);
}

#[test]
fn abbreviations_urls_emails() {
    check("the U.S. and U.S.A. at 5 a.m.", "the/w U.S./w and/w U.S.A./w at/w 5/n a.m./w");
    check("Mr. Smith", "Mr/w ./p Smith/w");
    check("e-mail:flph@star-co.net.kp", "e-mail/w :/p flph@star-co.net.kp/s");
    check("Her email is Jane.Doe@example.com.", "Her/w email/w is/w Jane.Doe@example.com/s ./p");
    check("http://www.pyongyangtimes.com.kp e-mail", "http://www.pyongyangtimes.com.kp/s e-mail/w");
    check("see https://a.b/c_d.html.", "see/w https://a.b/c_d.html/s ./p");
}

#[test]
fn punctuation_runs_and_quotes() {
    check("Hello!? Yes... “Quoted.”", "Hello/w !?/p Yes/w .../p “/p Quoted/w ./p ”/p");
    check("a . . . b", "a/w ./p ./p ./p b/w");
    check("wait…", "wait/w …/p");
}

#[test]
fn other_scripts_are_kept_and_marked() {
    check("동당 제6차 세포비서대회", "동당/o 제6차/o 세포비서대회/o");
    check("Москва and Zürich", "Москва/o and/w Zürich/w");
    assert_eq!(forms("ZÜRICH Москва"), ["zürich", "москва"]);
}

#[test]
fn separators_are_not_tokens() {
    check("\u{FEFF}a\u{00A0}b\u{200B}c\r\nd\te\u{0}f", "a/w b/w c/w d/w e/w f/w");
    check("", "");
    check("   \n\n ", "");
}

#[test]
fn spans_cover_the_token_text_exactly() {
    let text = "Availing myself — of this opportunity, “I” say: 10 000 Party’s “members”.";
    let mut vocab = Vocabulary::new();
    let mut tokens = Vec::new();
    tokenize(text, &mut vocab, &mut tokens);
    for w in tokens.windows(2) {
        assert!(w[0].end <= w[1].start, "tokens overlap");
    }
    for t in &tokens {
        assert!(text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize));
        assert!(!text[t.start as usize..t.end as usize].trim().is_empty());
    }
}
