"""The words that change what a yes means, as one table: language × word class.

Data only. Every check in ``intent`` and ``line_shapes`` that asks "does this text deny,
condition, or set terms?" compiles its pattern from the classes it needs here, so a word is
listed once, in its language, and a new language is one entry.

Classes:

- ``negation``: a no ("not", "nicht", "pas", "nunca");
- ``condition``: a condition, exception or sequence ("but", "unless", "only", "after", "sauf");
- ``condition_short``: short condition words that are ordinary words elsewhere ("si", "se",
  "om", "po", "ma"): checked inside the clause of a yes only, never in names or headers;
- ``doubt``: a hedge ("maybe", "in principle", "I think");
- ``retraction``: a yes taken back ("just kidding", "actually", "scratch that");
- ``money``: payment and debt ("invoice", "unpaid", "Rechnung", "factura");
- ``validity``: when or whether the yes holds ("valid", "void", "provisional", "effective");
- ``scope``: what the yes leaves out or keeps ("except", "excluding", "keep", "archive only");
- ``legal``: disputes ("court", "lawyer", "without prejudice");
- ``approval``: someone else's approval a yes may wait for ("Genehmigung", "aprobación",
  "approvazione"): read in lines typed into our quoted notice, where "Sujeto a la aprobación
  del consejo escolar" sets terms (never a class of ``CLASSES``: a governing board's approval
  is also what a cancel's reason tells);
- ``reference``: pointers to more terms elsewhere ("attached", "see below", "addendum");
- ``service``: parts of the service ("archive", "mailbox", "domain"): what a carve-out names;
- ``time``: dates and periods ("from April", "next month", "ab Januar");
- ``question``: the words that ask where no "?" is written (Thai, Chinese, Japanese, Korean,
  Persian, Hindi, Bengali, Arabic, Hebrew, Vietnamese, Indonesian);
- ``demand``: a request opening its clause, the imperative of sending, deleting, confirming
  or refunding ("send us", "löschen Sie", "envíennos"): after a CANCEL, work staff answer, not
  its reason (never a class of ``CLASSES``: a yes with anything after it is judged anyway).

Entries are regular-expression fragments matched as whole words (``\\b`` around), lower case,
after NFKC folding. Scripts written without spaces (Chinese, Japanese, Arabic, Hebrew) are in
``UNSPACED``: matched anywhere.
"""

from __future__ import annotations

import re
from functools import cache

TABLE: dict[str, dict[str, str]] = {
    "en": {
        "negation": r"not|no|never|don'?t|do not|doesn'?t|does not|didn'?t|did not|can'?t|cannot|can not|"
                    r"won'?t|will not|wouldn'?t|would not|shouldn'?t|should not|couldn'?t|could not|refuse\w*|"
                    r"unable|neither|nor|isn'?t|aren'?t|hasn'?t|has not|haven'?t|have not|wasn'?t|was not|"
                    r"weren'?t|needn'?t|nope|nah|none|nothing|nobody|no one|without",
        "condition": r"but|however|except\w*|unless|if|provided|providing|once|after|before|when|whenever|until|"
                     r"only|subject to|conditional\w*|condition\w*|pending|assuming|as long as|so long as|"
                     r"on receipt|upon|although|though|that said|minus|barring|save for|other than|apart from|"
                     r"contingent|prior to|instead|rather than|as soon as|in return|in exchange",
        "doubt": r"partly|partially|mostly|most|some|in principle|generally|maybe|perhaps|possibly|might|think|"
                 r"probably|whether|clarify|tbc|tbd|tentativ\w*|preliminar\w*|likely|hopefully|assume\w*|"
                 r"kind of|sort of|more or less|somewhat|in a way",
        "retraction": r"jk|j/k|just kidding|kidding|joke|joking|sarcasm|actually|wait(?=[^\S\n]?[,!.…—–\n-]|[^\S\n]?$)|correction|scratch that|"
                      r"forget (?:it|that|this|about it|my last)|ignore (?:that|this|it|my last)|disregard (?:that|this|it|my last)|"
                      r"never ?mind|sent (?:it|that|this) too (?:soon|early)|"
                      r"on second thought|disagree|retract\w*|withdraw\w*|steal\w*|stole|stolen|poach\w*|"
                      r"unfortunately|sadly|regret\w*|reluctant\w*|grudging\w*|forced|no choice|whatever",
        "money": r"invoice\w*|unpaid|paid|pay|pays|paying|payment\w*|payable|arrears|outstanding|owe|owes|owed|owing|"
                 r"debt\w*|fee|fees|cost|costs|charge|charges|charged|euro|euros|eur|dollars?|pounds?|settl\w*|"
                 r"settlement|refund\w*|compensat\w*|penalt\w*|balance|arrear\w*|funding|funds?|pricing|prices|priced|price list|list price|(?:our|the|a|standard|usual|agreed|fixed|new) price(?: of)?",
        "validity": r"valid\w*|invalid\w*|void|expir\w*|revoc\w*|revok\w*|provisional\w*|temporar\w*|interim|"
                    r"drafts?|unofficial\w*|"
                    r"effective|lapse\w*|approv\w*|trial|binding|conditionally|consent\w*|tentative\w*",
        "scope": r"exclud\w*|reserve|reserves|reserved|reserving|(?:with|under|subject to|some|certain|my|our) reservations?|partial\w*|part|half|portion|certain|selected|keep|keeps|kept|retain\w*|"
                 r"stay|stays|remain|remains|phase|for now|for the time being|limit|limits|limiting|limitation\w*|carve-?outs?|carv(?:e|ed|ing) out",
        "service": r"archive\w*|backup\w*|mailbox\w*|domain\w*|server\w*|data|website|hosting|licen[cs]e\w*|"
                   r"dns|e-?mail service|mail service|mail domain|access|credentials?|passwords?|logins?",
        "legal": r"courts?\s+(?:order|decision|ruling|case)|sue|suing|lawsuit|litigat\w*|lawyer\w*|solicitor\w*|attorney\w*|(?<!studio )legal\w*|prejudice|"
                 r"duress|protest\w*|contest(?!ar|and|ad|aci|o\b|é\b)\w*|liabilit\w*|liable|claim\w*|dispute\w*|admission|board|vote",
        "reference": r"attach\w*|enclos\w*|addendum|amend\w*|modif\w*|revis\w*|see below|below|p\.?s|"
                     r"caveat\w*|proviso|footnote\w*|terms|t&c|basis",
        "time": r"from|as of|starting|beginning|next|later|tomorrow|tonight|month|months|monthly|"
                r"year|years|quarter|q[1-4]|end of|deadline|date|dates|dated|"
                r"january|february|march|april|june|july|august|september|october|november|december|"
                r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
                r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
        "demand": r"(?:send|provide|give|deliver|delete|export|refund|return|forward|transfer|make sure|ensure|keep|confirm|remove|erase|wipe|close|hand over|issue|reimburse) (?:us|me|the|our|all|a|an|in writing|back)",
        "approval": r"approv\w*|authori[sz]ation|go-ahead",
    },
    "de": {
        "negation": r"nicht|kein|keine|keinen|keiner|nie|niemals|nein|ohne",
        "condition": r"unter vorbehalt|abhängig von|aber|jedoch|allerdings|wenn|falls|sofern|vorausgesetzt|sobald|nachdem|bevor|außer|bedingung\w*|"
                     r"ausser|nur|erst|bis|ausgenommen|abzüglich|unter der bedingung|bedingung\w*|es sei denn",
        "time": r"ab|monat\w*|jahr\w*|januar|februar|märz|april|mai|juni|juli|august|september|"
                r"oktober|november|dezember|montag|dienstag|mittwoch|donnerstag|freitag",
        "doubt": r"vielleicht|eventuell|grundsätzlich|vorläufig\w*|teilweise",
        "money": r"kostenlos|kostenfrei|gebührenfrei|\w*zahlung\w*|\w*rechnung\w*|bezahl\w*|offen\w* posten|forderung\w*|gebühr\w*|kosten|\w*preis|\w*preise|\w*preisen",
        "validity": r"gilt|gültig\w*|ungültig\w*|befristet\w*|widerruf\w*|wirksam\w*|vorbehaltlich",
        "scope": r"\w*vorbehalt\w*|ausschließlich|ausgeschlossen|behalten|bleibt|bleiben",
        "service": r"\w*archiv\w*|\w*postfach\w*|\w*postfächer|\w*backups?|\w*datensicherung\w*|\w*server|\w*servern|\w*datenbank\w*|patientendaten|patientenakte\w*",  # (compounds: "Mailarchive")
        "legal": r"gericht\w*|anwalt\w*|rechtlich\w*|klage\w*|streit\w*",
        "reference": r"anhang|anlage\w*|beigefügt\w*|siehe|nachtrag",
        "retraction": r"doch nicht|lieber nicht|warten sie|eigentlich|vergessen sie das|ignorieren sie",
        "demand": r"(?:schicken|senden|übermitteln|übersenden|löschen|bestätigen|liefern|exportieren|erstatten|geben|stellen|entfernen|vernichten|überweisen) sie|schickt|sendet|löscht",
        "approval": r"genehmig\w*|zustimmung|freigabe|beschluss\w*",
    },
    "fr": {
        "negation": r"pas|jamais|non|aucun\w*|sans",
        "condition": r"sous réserve|soumis\w* à|sous condition|mais|si|sauf|pourvu|à condition|après|avant|seulement|uniquement|dès que|lorsque|"
                     r"jusqu'à|hormis|excepté|condition\w*|à moins que|à moins de",
        "doubt": r"peut-être|en principe",
        "money": r"coûts?|gratuit\w*|frais|paiement\w*|factur\w*|payée?s?|impayée?s?|réglée?s?|prix|tarif\w*",
        "validity": r"valable|valide|provisoire\w*",
        "time": r"à partir|dès|mois|année\w*|un an|par an|l'an|cet an|ans|janvier|février|mars|avril|mai|juin|"
                r"juillet|août|septembre|octobre|novembre|décembre|demain",
        "scope": r"réserve\w*|reste|restent|conserv\w*",
        "service": r"archiv\w*|boîte\w*|sauvegarde\w*|serveur\w*|base de données|dossiers patients?",
        "legal": r"avocat\w*|tribunal\w*|litige\w*",
        "reference": r"pièce jointe|ci-joint\w*|voir",
        "retraction": r"en fait|attendez|finalement non|tout compte fait|oubliez|ignorez",
        "demand": r"envoyez|transmettez|supprimez|effacez|confirmez|fournissez|remboursez|renvoyez|veuillez|merci de (?:nous|me|bien|supprimer|confirmer|envoyer|transmettre)",
        "approval": r"approbation|approuv\w*|validation|autorisation|délibération",
    },
    "es": {
        "negation": r"nunca|nada|ningún|ninguna|sin",
        "condition": r"sujet[oa]s? a|supeditad\w*|a reserva de|en caso de que|caso de que|pero|siempre que|salvo|excepto|después|antes|solo|sólo|solamente|hasta|cuando|"
                     r"condición\w*|condicion\w*|a menos que",
        "money": r"costes?|costos?|gratis|gratuit[oa]s?|pago\w*|pagad\w*|factura\w*|deuda\w*|precio\w*|tarifa\w*",
        "validity": r"válid\w*|provisional\w*",
        "time": r"a partir|desde|(?:un|el|este|cada|próximo|del) mes|meses|año\w*|enero|febrero|marzo|abril|mayo|junio|julio|"
                r"agosto|septiembre|octubre|noviembre|diciembre|mañana",
        "scope": r"conserv\w*|queda|quedan",
        "service": r"archivo\w*|buz[oó]n\w*|copias? de seguridad|respaldo\w*|servidor\w*|base de datos|historias clínicas",
        "legal": r"abogad\w*|tribunal\w*",
        "reference": r"adjunt\w*",
        "doubt": r"quizás|quizá|tal vez|a lo mejor|probablemente|en principio",
        "retraction": r"bueno no|mejor no|en realidad|olvídenlo|olvidadlo|ignoren|ignorad",
        "demand": r"(?:envíe|envíen|mande|manden|borre|borren|elimine|eliminen|confirme|confirmen|entregue|entreguen|reembolse|reembolsen|devuelva|devuelvan)(?:nos|me)?|envíennos|mándennos",
        "approval": r"aprobaci[oó]n|aprobad[oa]s?|autorizaci[oó]n|visto bueno",
    },
    "it": {
        "condition": r"soggett[oaie] a|subordinat[oaie] a|previa|però|purché|tranne|dopo|prima|soltanto|solo|fino|condizion\w*|eccetto|salvo|a meno che",
        "money": r"cost[oi]|gratuit[oaie]|gratis|pagamento\w*|pagat\w*|fattur\w*|prezz\w*|tariff\w*",
        "validity": r"valid\w*",
        "scope": r"resta|restano",
        "service": r"archivio\w*|backup|server|banca dati|cartelle cliniche",
        "legal": r"avvocat\w*",
        "reference": r"allegat\w*",
        "doubt": r"forse|probabilmente|in linea di principio",
        "retraction": r"ripensandoci|anzi no|lasciate perdere|ignorate",
        "demand": r"(?:inviate|mandate|cancellate|eliminate|confermate|fornite|rimborsate|restituite|inviat|mandat)(?:ci|mi)?|(?:invii|mandi|cancelli|elimini|confermi|fornisca|rimborsi)",
        "approval": r"approvazion\w*|approvat[oaie]|autorizzazion\w*|delibera\w*|benestare",
    },
    "nl": {
        "negation": r"niet|nee|geen|nooit|zonder",
        "condition": r"afhankelijk van|maar|echter|mits|tenzij|indien|zodra|nadat|alleen|pas|behalve|voorwaarde\w*|uitsluitend|"
                     r"enkel|slechts|onder voorbehoud",
        "money": r"betaling\w*|betaald|factuur|facturen|openstaand\w*|prijs\w*|prijzen|tarie\w*",
        "validity": r"geldig\w*|geldt|gelden",
        "scope": r"behouden|blijft|blijven",
        "service": r"\w*archie[fv]\w*|back-?ups?|server\w*|database\w*",  # (compounds: "mailarchieven")
        "reference": r"bijlage\w*",
        "doubt": r"misschien|waarschijnlijk|in principe",
        "retraction": r"eigenlijk|toch niet|laat maar|vergeet het|negeer",
        "demand": r"stuur|stuurt u|verstuur|verwijder|verwijdert u|bevestig|bevestigt u|lever|exporteer|verstrek",
        "approval": r"goedkeuring|goedgekeurd|toestemming",
    },
    "pt": {
        "negation": r"não|nunca",
        "condition": r"sujeit[oa]s? a|caso (?:ainda|seja|haja)|dependendo de|condicionad\w*|mas|porém|desde que|contanto|exceto|depois|apenas|somente|condição\w*|condiç\w*|só|após|"
                     r"até|salvo|senão|a não ser que",
        "money": r"custos?|grátis|gratuit[oa]s?|pagamento\w*|pag[ao]\w*|fatura\w*|preço\w*",
        "validity": r"válid\w*",
        "service": r"arquivo\w*|cópias? de segurança|backups?|servidor\w*|base de dados|prontuários?",
        "reference": r"anexo\w*",
        "doubt": r"talvez|provavelmente|em princípio|acho que",
        "retraction": r"aliás|esperem|pensando bem|desconsider\w*|ignorem|esqueçam",
        "demand": r"(?:envie|enviem|mande|mandem|apague|apaguem|exclua|excluam|confirme|confirmem|devolva|devolvam|reembolse|reembolsem)(?:-nos|-me)?",
        "scope": r"fica|ficam|mantemos",
        "approval": r"aprovaç\w*|aprovad[oa]s?|autorizaç\w*|homologaç\w*",
    },
    "pl": {
        "negation": r"nie|nigdy|bez",
        "condition": r"ale|jednak|jeśli|jeżeli|pod warunkiem|chyba że|chyba|tylko|dopiero|warunk\w*|o ile|"
                     r"oprócz|z wyjątkiem",
        "money": r"płatnoś\w*|zapłac\w*|zapłat\w*|faktur\w*|cennik\w*|cena|ceny|cenie|cenę|stawk\w*",
        "validity": r"ważn\w*|obowiązuje",
        "service": r"archiw\w*|kopi\w* zapasow\w*|serwer\w*|baz\w* danych|dokumentacj\w* medyczn\w*",
        "demand": r"prześlijcie|prześlij|wyślijcie|wyślij|usuńcie|usuń|potwierdźcie|potwierdź|zwróćcie|zwróć",
        "scope": r"zostaje|zostają|zostanie|pozostaje|pozostają|pozostanie|zachowujemy|zatrzymujemy",
        "approval": r"zatwierdz\w*|zgod[aęy]|akceptacj\w*|uchwał\w*",
    },
    "sv": {
        "negation": r"inte|ej|aldrig|nej|utan",
        "condition": r"dock|förutsatt|utom|efter|innan|endast|bara|villkor\w*",
        "money": r"betalning\w*|betal\w*|faktur\w*",
        "validity": r"giltig\w*",
        "service": r"\w*arkiv\w*|\w*brevlåd\w*|säkerhetskopi\w*|server\w*|\w*databas\w*|patientdata|journaler",
        "demand": r"skicka|radera|bekräfta|ta bort|återbetala",
        "scope": r"stannar|stanna|behåller|behålla|kvar",
        "approval": r"godkännande|godkän\w*|beslut\w*",
    },
    "da_no": {
        "negation": r"ikke|aldri|aldrig|nej|nei|uden|uten",
        "condition": r"hvis|forudsat|forutsatt|dersom|undtagen|unntatt|kun|først|før|efter|etter|inden|innen|"
                     r"forbehold\w*|betingelse\w*|"
                     r"med mindre|medmindre|såfremt|så lenge|så længe",
        "doubt": r"kanskje|kanske|måske|muligvis|muligens|sandsynligvis|sannsynligvis|i princippet|i prinsippet",
        "retraction": r"glem det|glem alt|fortsæt bare|fortsett bare|glöm det|strunta i det|fortsätt bara",
        "money": r"betal\w*|faktur\w*",
        "validity": r"gyldig\w*|gælder|gjelder",
        "service": r"\w*arkiv\w*|\w*postkasse\w*|sikkerhedskopi\w*|sikkerhetskopi\w*|backup\w*|server\w*|database\w*|journaler",
        "demand": r"send|slett|slet|bekreft|bekræft|fjern|refunder",
        "scope": r"bliver|blir|beholder|beholde|forbliver|forblir",
        "approval": r"godkendelse|godkend\w*|godkjenning|godkjen\w*|beslutning",
    },
    "ru": {
        "negation": r"не|нет|никогда|без",
        "condition": r"но|однако|если|при условии|кроме|только|после|услови\w*|оговорк\w*",
        "money": r"оплат\w*|сч[её]т(?!овод)\w*",
        "validity": r"действительн\w*",
        "approval": r"одобрени\w*|утвержд\w*|согласовани\w*",
    },
    # (set T: Ukrainian, whose conditions and payments the Russian words do not spell)
    "uk": {
        "negation": r"ні|ніколи",
        "condition": r"але|однак|якщо|за умови|умов[аиі]\w*|крім|лише|тільки|після|спершу|спочатку",
        "money": r"оплат\w*|сплат\w*|сплачен\w*|рахун\w*|грн|гривень|гривні",
        "validity": r"дійсн\w*|чинн\w*",
        "approval": r"погодженн\w*|затвердженн\w*|схваленн\w*",
    },
    "cs": {
        "negation": r"ne|nikdy|bez|nie",
        "condition": r"pokud|jestliže|pouze|kromě|podmín\w*|teprve|jenom|výhradně|až po|len|iba|okrem|výhrad\w*",
        "money": r"platb\w*|faktur\w*|faktúr\w*|zaplacen\w*|zaplaten\w*|úhrad\w*|uhrazen\w*|uhraden\w*",
        "service": r"zálohy|záloh\w*|server\w*|databáz\w*|archiv\w*|kartotéka|kartotéky|dokumentac\w*",
        "scope": r"zůstáv\w*|zůstan\w*|ponech\w*|zostáv\w*|zostan\w*|ponechám\w*",
        "approval": r"schválen\w*|souhlas\w*|súhlas\w*",
    },
    "fi": {
        "negation": r"emme|ilman",
        "condition": r"vasta|kunhan|ellei|paitsi|mutta|ehdolla|ehdo\w*|vain",
        "money": r"maksu\w*|lasku\w*",
        "service": r"varmuuskop\w*|palvelin\w*|arkist\w*|tietokan\w*|potilastie\w*",
        "scope": r"jää|jäävät|pidämme|säilytämme|säilyy",
        "approval": r"hyväksyn\w*",
    },
    "tr": {
        "negation": r"değil|hayır",
        "condition": r"fakat|ancak|sadece|yalnızca|eğer|şartıyla|koşuluyla|sonra|hariç|şart\w*",
        "money": r"ödeme\w*|fatura\w*",
        "validity": r"tarihine kadar|tarihinden (?:itibaren|önce|sonra)|geçerli\w*|süresince",
        "approval": r"onay\w*",
    },
    "hu": {
        "negation": r"nem|soha|nélkül",
        "condition": r"feltéve|kivéve|csak|feltétel\w*|amennyiben|után",
        "doubt": r"szerintem|talán|valószínűleg|elvileg|esetleg",
        "money": r"fizet\w*|számla\w*|kintlévőség\w*",
        "validity": r"érvényes\w*",
        "service": r"mentés\w*|szerver\w*|archív\w*|adatbázis\w*",
        "scope": r"marad|maradnak|megtartjuk|megtart\w*",
        "approval": r"jóváhagy\w*",
    },
    "ar_he_ko": {
        "negation": r"لا|لن|ليس|بدون|לא|אין|בלי|아니|않|없",
        "condition": r"قبل|بعد|إلا|فقط|بشرط|حتى|רק|בתנאי|אחרי|לפני|עד|אלא|후에만|후에|이후|전에|이전|까지|조건|단서|제외",
        "money": r"دفع|الدفع|فاتورة|תשלום|חשבונית|결제|지불|청구서|미납",
        "service": r"النسخ الاحتياطية|النسخ الاحتياطي|الخادم|الخوادم|الأرشيف|بيانات المرضى|سجلات المرضى|גיבוי\w*|שרת\w*|ארכיון",
        "scope": r"تبقى|يبقى|نحتفظ|سنحتفظ|נשאר\w*",
        "approval": r"موافقة|اعتماد|אישור|승인",
    },
    # (set N's Georgian, Armenian and Azerbaijani, Kazakh: the words a condition and a payment use)
    "ka_hy_az_kk": {
        "condition": r"პირობით|პირობა\w*|მხოლოდ|გარდა|შემდეგ|თუ|պայմանով|միայն|բացառությամբ|հետո|եթե|"
                     r"şərtilə|yalnız|istisna|sonra|əgər|шартымен|тек|кейін|егер",
        "money": r"ინვოის\w*|გადახდ\w*|ანგარიშ\w*|հաշիվ\w*|վճար\w*|faktura\w*|ödəniş\w*|hesab\w*|төлем\w*|шот\w*",
        "approval": r"თანხმობ\w*|հաստատ\w*|təsdiq\w*|бекіт\w*",
    },
    "el_ro": {
        "negation": r"δεν|όχι|ούτε|ποτέ|nu|niciodată|fără|χωρίς",
        "condition": r"εφόσον|μόνο|εκτός|υπό|cu condiția|numai|doar|cu excepția|dacă",
        "money": r"πληρωμ\w*|τιμολόγι\w*|οφειλ\w*|plat[aăi]\w*|factur\w*|datori\w*",
        "validity": r"ισχύ\w*|ισχυ\w*|valabil\w*|valid\w*",
        "scope": r"κρατ[άα]\w*|διατηρ\w*|păstr\w*|rămân\w*",
        "service": r"αρχεί\w*|αρχειοθ\w*|arhiv\w*|αντίγραφ\w* ασφαλείας|διακομιστ\w*|βάση δεδομένων|backup\w*|server\w*|baza de date|bazele de date|copi\w* de siguranță",
        "time": r"ημέρ\w*|μήνα|μήνες|μηνών|μήνας|zile|lun[aăi]\w*",
        "approval": r"έγκρισ\w*|εγκρι\w*|aprob\w*",
    },
    # Languages the reader met later (sets E and F): Swahili, Baltic, South Slavic and
    # Bulgarian, Icelandic, Catalan, Basque, Vietnamese, Indonesian (Thai and Hindi are in
    # UNSPACED). Their courtesies are listed below, so their negations, conditions and money
    # words must be too.
    "sw": {
        # (the negative verb forms: a present one ends in "-i" ("haihamishwi", "hatutaki"), a future one
        # has "-ta-"; "hai\w+" alone read the names "Haiyun" and "Haider", "hawa\w+" "Hawaii")
        "negation": r"hapana|sio|si|hatu\w+|hazi\w+|hawa(?!ii\b)\w+|hai(?!ti\b)(?:ta\w+|\w*i|na|ja)",
        "condition": r"tu|baada ya|kabla ya|ikiwa|kama|isipokuwa|mpaka|hadi|kwa sharti",
        "money": r"malipo|deni|madeni|kulipa|kulipwa|bili",  # (not "ankara", invoice: the Turkish capital)
        "approval": r"idhini|kibali",
    },
    "et_lv_lt": {
        "negation": r"mitte|pole|nav|nėra|niekada|nekad|ilma|bez",
        "condition": r"ainult|kuni|pärast|enne|tingimusel|välja arvatud|tikai|līdz|pēc|pirms|ar nosacījumu|"
                     r"izņemot|iki|prieš|jei|jeigu|nebent|tik|su sąlyga|išskyrus|tik jei|tik po|bet|tačiau|taču|aga",
        "money": r"arve\w*|makse\w*|tasu\w*|rēķin\w*|maksājum\w*|apmaks\w*|sąskait\w*|mokėjim\w*|apmokė\w*|mokest\w*",
        "service": r"varukoopia\w*|serveri\w*|arhiiv\w*|andmebaas\w*|rezerves kopij\w*|serveri\w*|arhīv\w*|datubāz\w*|atsargin\w* kopij\w*|server\w*|archyv\w*",
        "scope": r"jääb|jäävad|jätame|paliek|paliks|paturam|lieka|liks|pasiliekame",
        "approval": r"kinnitus\w*|heakskiit\w*|apstiprinā\w*|patvirtin\w*",
    },
    "sl_sr_hr_bg": {
        "negation": r"nije|nismo|nikoli|nikada|не|няма|никога|нисмо|bez|brez|без",
        "condition": r"samo|dokler|razen|osim|pod pogojem|pod uslovom|само|след|преди|докато|ако|освен|"
                     r"при условие|pod uvjetom|uz uvjet|uvjet\w*|uslov\w*|pogoj\w*|условие|условия|условно|"
                     r"nakon što|tek nakon|tek kad|tek po|prije nego|pre nego|dok ne",
        "money": r"račun(?!al|ar)\w*|plačil\w*|plaćan\w*|uplat\w*|фактур\w*|плащан\w*|неплатен\w*|сметк\w*|плаћањ\w*",
        "service": r"varnostn\w* kopij\w*|sigurnosn\w* kopij\w*|rezervn\w* kopij\w*|strežnik\w*|server\w*|arhiv\w*|baz\w* podataka|архив\w*|сървър\w*|сервер\w*|резервн\w* копи\w*",
        "scope": r"ostaje|ostaju|ostane|ostanejo|ostanu|zadržavamo|zadržimo|obdržimo|остаје|остају|остава|остават|задържаме|запазваме",
        "approval": r"odobren\w*|saglasnost\w*|suglasnost\w*|soglasj\w*|одобр\w*",
    },
    # (set AA: Afrikaans, whose greetings are listed: its no, conditions, take-backs and payments too)
    "af": {
        "negation": r"nee|nooit|sonder|geen",
        "condition": r"maar|slegs|tensy|indien|totdat|behalwe",
        "retraction": r"wag|los dit|vergeet dit|eintlik",
        "money": r"faktuur|fakture|betaling\w*|betaal\w*",
    },
    "is": {
        "negation": r"ekki|aldrei|án",
        "condition": r"aðeins|einungis|nema|með því skilyrði",
        "money": r"reikning\w*|greiðsl\w*|ógreidd\w*",
        "service": r"afrit\w*|netþjón\w*|gagnagrunn\w*",
        "scope": r"verður áfram|verða áfram|höldum",
        "approval": r"samþykk\w*",
    },
    "ca_eu": {
        "negation": r"inoiz",
        "condition": r"subject[ea] a|només|excepte|llevat|després|abans|sempre que|bakarrik|soilik|izan ezik|ondoren|aurretik|"
                     r"baldin",
        "money": r"factur\w*|pagament\w*|pagat\w*|faktur\w*|ordainket\w*",
        "service": r"còpi\w* de seguretat|servidor\w*|arxiu\w*|base de dades",
        "scope": r"queda|queden|mantenim|conservem",
        "approval": r"aprovació|aprovat\w*|onarpen\w*",
    },
    "vi_id": {
        "negation": r"không|chưa|tidak|belum|bukan|jangan",
        "condition": r"chỉ|sau khi|trước khi|nếu|trừ|với điều kiện|hanya|setelah|sebelum|jika|kecuali|dengan syarat|"
                     r"sampai",
        "money": r"hóa đơn|thanh toán|tagihan|faktur|pembayaran|dibayar",
        "question": r"khi nào|tại sao|thế nào|không ạ|chưa ạ|siapa|kapan|mengapa|kenapa|bagaimana|apakah",
        "approval": r"phê duyệt|persetujuan|disetujui",
    },
    # (set V: Persian and Urdu: a condition, a payment, and, with Arabic and Hebrew, the words that
    # ask, which these writers need no "?" for)
    "fa_ur": {
        "condition": r"به شرط|مشروط|به جز|بجز|پس از|قبل از|تا زمانی که|بشرطیکہ|شرط|صرف|کے بعد|سے پہلے",
        "money": r"فاکتور|صورتحساب|پرداخت|تسویه|بدهی|تومان|ریال|ادائیگی|انوائس",
        "question": r"آیا|چه کسی|چرا|چطور|کجا|چه وقت|کون|کب|کیوں|کیسے|هل|متى|لماذا|كيف|أين|ماذا|האם|מתי|למה|"
                    r"איך|איפה",
        "approval": r"تایید|تأیید|منظوری",
    },
}


# What courtesies are made of, per language: thanks, apologies, good wishes (for the client, the
# move, the day or the weekend), pleasure in working together, an offer to help. A short clause
# with one of these and no word of the classes above is a courtesy (``line_shapes.is_courtesy``).
COURTESY: dict[str, str] = {
    "en": r"thanks?|thank you|thx|cheers|appreciat\w*|grateful|apolog\w*|sorry|wish\w*|luck|best|welcome|"
          r"glad|happy|pleased|delighted|pleasure|enjoy|nice|great|lovely|good|well|hope|regards|greetings|"
          r"questions?|help\w*|assist\w*|reach|contact|call|touch|loop|patience|support|cooperation|"
          r"collaboration|working together|sorting|handling|taking care|weekend|day|evening|chasing|reminder|"
          r"heads-up|hello|hi|hey|morning|afternoon|feel free|don't hesitate|do not hesitate|speak soon|"
          r"talk soon|catch up|inbox|buried|missed|overlooked|late reply|slow reply|delay\w*|holiday|"
          r"vacation|away|out of office|clear|explanation|instructions|update|info\w*|noted|received|"
          r"understood|alright|all good|smooth\w*|painless|quick\w*|swift\w*|kindly|kind regards|kind words",
    "de": r"danke?\w*|dank\w*|entschuldig\w*|sorry|verzeih\w*|wünsch\w*|glück|erfolg|alles gute|freu\w*|"
          r"gern\w*|schön\w*|wochenende|tag|abend|grüß\w*|gruß|rückfragen|fragen|verfügung|erreichbar|"
          r"melden|unterstützung|geduld|zusammenarbeit|hilfe|erklärung|anleitung|urlaub|spät\w*|"
          r"verspätet\w*|untergegangen|übersehen|hallo|moin|servus|liebe\w*|kollegen|team",
    "fr": r"merci|remerci\w*|désolée?s?|excus\w*|pardon|souhait\w*|vœux|voeux|meilleurs|chance|succès|bonne?s?|journée|"
          r"week-end|soirée|plaisir|ravie?s?|heureu\w*|disposition|questions?|revenir|reviens|hésitez|aide|"
          r"patience|collaboration|explications?|indésirables|spam|vacances|retard|bonjour|salut|"
          r"cordialement|amitiés|collègues|équipe|bon|courage",
    "es": r"gracias|agradec\w*|agradezc\w*|disculp\w*|perdón|siento|lament\w*|dese\w*|suerte|éxito|buen\w*|"
          r"avisadme|avísame|avíseme|avísenme|házmelo saber|háganoslo saber|si necesit\w{1,4} algo|"
          r"feliz|día|fin de semana|placer|encantad\w*|dudas?|disposición|ayuda|paciencia|colaboración|"
          r"explicaci\w*|spam|vacaciones|retraso|hola|saludos|equipo",
    "it": r"grazie|ringrazi\w*|scus\w*|spiacent\w*|auguri\w*|augur\w*|fortuna|successo|buon\w*|"
          r"giornata|fine settimana|weekend|piacere|lieto|lieti|domande|disposizione|aiuto|pazienza|"
          r"collaborazione|spiegazion\w*|proseguimento|ciao|salve|saluti|squadra|in bocca al lupo",
    "nl": r"dank\w*|bedankt|excuses|sorry|sorrie|spijt|wens\w*|succes|fijne?|goede?|weekend|dag|"
          r"plezier|prettig\w*|vragen|bereikbaar|hulp|geduld|samenwerking|uitleg|hoop|overstap|"
          r"vakantie|late reactie|hallo|hoi|groet\w*|verwelkom\w*|welkom|leuk\w*|laat het weten",
    "pt": r"obrigad\w*|agradec\w*|desculp\w*|lament\w*|desej\w*|sorte|sucesso|bom|boa|bons|fim de semana|"
          r"dia|prazer|dúvidas?|questão|dispor|disposição|ajuda|paciência|colaboração|olá|saudações|feliz\w*|agradeç\w*|"
          r"bem-vind\w*|receber|abraç\w*|abraco\w*|votos|excelente|semana|cumprimentos",
    "pl": r"dzięk\w*|przeprasz\w*|wybacz\w*|życz\w*|powodzenia|sukces\w*|miłego|miłej|dnia|weekendu|"
          r"przyjemność|pytania|pytań|dyspozycji|pomoc|cierpliwość|współprac\w*|wyjaśnienie|cześć|"
          r"dzień dobry|pozdr\w*|przyjemnoś\w*|chętnie|witamy",
    "sv": r"tack|ursäkta|förlåt|beklag\w*|önska\w*|lycka|trevlig|helg|dag|nöje|frågor|hör av|behöver|"
          r"hjälp|tålamod|samarbet\w*|påminnelse\w*|förklaring\w*|sent svar|skräpposten|hej\w*|hälsningar|trevlig\w*",
    "da_no": r"tak|takk|undskyld|beklager|ønsk\w*|held|lykke|god|godt|gode|weekend|helg|dag|fornøjelse|"
             r"spørgsmål|spørsmål|hjælp|hjelp|tålmodighed|samarbejde|samarbeid|hilsen\w*|hej|hei|ser frem til|"
             r"glæde\w*|glede\w*|velkommen|gi beskjed|sig endelig til",
    "fi": r"kiitos|kiitoksia|kiitollinen|pahoittel\w*|anteeksi|toivo\w*|onnea|menestystä|hyvää|mukavaa|"
          r"viikonloppua|päivää|ilo|kysy\w*|apua|avusta\w*|kärsivällisyydestä|yhteistyöstä|muistutuksesta|"
          r"terveisin|hei|moi|innolla|odota\w*|tervetuloa|ilolla",
    "cs_sk": r"děkuj\w*|díky|ďakuj\w*|omlouv\w*|promiň\w*|přej\w*|želá\w*|štěstí|úspěch\w*|hezký|"
             r"pěkný|víkend|den|potěšení|dotaz\w*|otázk\w*|pomoc|trpělivost|spoluprác\w*|připomenutí|"
             r"dobrý den|ahoj|zdravím|pozdrav\w*|vydař\w*|hodně|prepáč\w*|neskor\w*|pozdní|odpověď|odpoveď|"
             r"ďakujeme|príjemn\w*|příjemn\w*|šťast\w*|veľa|těší\w*|teší\w*|dejte vědět|vítejte|spolupracoval\w*",
    "hr_sr_sl": r"hvala|zahval\w*|ispričav\w*|oprost\w*|žel\w*|sretno|uspjeh\w*|uspeh\w*|zadovoljstv\w*|"
                r"surad\w*|sarad\w*|vikend|ugodan|ugodn\w*|lijep\w*|lep\w*|pozdrav\w*|poruci|poruk\w*|srdačn\w*|"
                r"srećn\w*|sretn\w*|praznic\w*|blagdan\w*",
    "hu": r"köszön\w*|elnézés\w*|bocsánat|sajnál\w*|kíván\w*|sok sikert|sikert|szép|jó|hétvégét|napot|"
          r"öröm\w*|kérdés\w*|segítség\w*|türelm\w*|együttműködés\w*|emlékeztető\w*|üdvözl\w*|szia|"
          r"kedves|kollégák",
    "ro": r"mulțum\w*|multum\w*|bucurăm|bucuros|bucuroși|colabor\w*|scuze|îmi pare rău|dor\w*|succes|noroc|plăcut|bună|bun|zi|weekend|"
          r"(?:vă )?stau la dispoziți\w*|la dispoziția (?:dumneavoastră|voastră)|nevoie de ceva|"
          r"plăcere|întrebări|ajutor|răbdare|colaborare|explicații|reamintire|salut|stimat\w*|echipă",
    "el": r"ευχαριστ\w*|συγγνώμη|συγνώμη|ευχ\w*|καλή|καλό|καλές|σαββατοκύριακο|μέρα|ημέρα|συνέχεια|"
          r"χαρά|απορία|ερωτήσεις|διάθεση|διάθεσή|βοήθεια|υπομονή|συνεργασία|υπενθύμιση|γεια",
    "ru_uk": r"спасибо|благодар\w*|дякую|извин\w*|простите|вибачте|желаем|желаю|бажаємо|удачи|успех\w*|"
             r"хорошего|хороших|дня|выходных|рад\w*|удовольстви\w*|вопрос\w*|помощь|помощи|терпени\w*|"
             r"сотрудничеств\w*|объяснени\w*|здравствуйте|добрый|доброе|привет|коллеги|приятно|прощени\w*|удач\w*|"
             r"успіх\w*|бажа\w*|дяку\w*|вибач\w*|приємно|вихідних|гарних|гарного|хорош\w*|пишите|обращайтесь|звоните",
    "tr": r"teşekkür\w*|sağol\w*|kusura bakma\w*|özür|dile\w*|başarı\w*|iyi|hafta sonları|günler|"
          r"yardım\w*|sabr\w*|işbirliği|merhaba|selam|selamlar\w*|sevgiler\w*|keyifli\w*",
    "et": r"aitäh|tänan|täname|tänu|vabandust|vabandan|edu|head|ilusat|meeldiv\w*|tere|lugupeetud|"
          r"meeldetuletus\w*|abi",
    "lv": r"paldies|atvainojos|atvainojiet|atvainojamies|veiksmi|veiksmīg\w*|jauk\w*|lab\w*|priecā\w*|"
          r"sveiki|cienījam\w*|parūpēj\w*",
    "lt": r"ačiū|dėkoju|dėkojame|atsiprašau|atsiprašome|sėkmės|sėkming\w*|gražių|gražios|geros|gero|"
          r"laba|labas|sveiki|gerbiam\w*|malonu",
    "sl_sr_bg": r"hvala|oprostite|opravičujem\w*|opravičilo|srečno|srećno|prijet\w*|prijat\w*|pozdravljeni|"
                r"spoštovan\w*|izvinite|izvinjavam|zdravo|хвала|извините|срећно|пријат\w*|поштовани|"
                r"благодаря|благодарим|извинете|успех|успешн\w*|приятен|приятна|хубав\w*|здравейте|"
                r"уважаеми|добър|добра|добро",
    "is": r"takk|þakka\w*|þökk\w*|afsaki\w*|gangi|góða|góðan|góð|kveðj\w*|sæl|sæll|halló|ágæt\w*",
    "ca_eu": r"gràcies|agraeixo|agraïm|disculpeu|disculpa|perdoneu|sort|bon dia|bona tarda|salutacions|"
             r"benvolgut\w*|recordatori|eskerrik asko|mila esker|barkatu|zorte on|egun on|egun ona|arratsalde on|"
             r"ondo izan|kaixo|agur",
    "vi_id": r"cảm ơn|xin lỗi|chúc|trân trọng|chào|kính gửi|tốt lành|terima kasih|maaf|semoga|sukses|"
             r"vui lòng liên hệ|liên hệ (?:với )?(?:tôi|chúng tôi)|silakan hubungi|hubungi (?:saya|kami)|"
             r"selamat|salam|halo|hormat|yth|senang|gembira|bekerja sama|kerjasama|kerja sama|bantuan\w*",
    "sw": r"asante|shukrani|samahani|kila la heri|heri|siku njema|jambo|habari|karibu|salamu|ushirikiano",
    # (set N's languages)
    "cy_ga_sq_mt_af": r"diolch|go raibh maith agat|go raibh míle maith agat|faleminderit|grazzi|dankie|lekker naweek|"
                      r"gëzuar|festat|festa|urime|përshëndetje|kia ora|"
                      r"lekker dag|salamat|maraming salamat|penwythnos da|deireadh seachtaine|fundjavë",
    "mk_kk_az_mn": r"фала|благодарам|рахмет|көмектескеніңізге|təşəkkür\w*|sağ olun|баярлалаа|пријатен|пријатан|"
                   r"ugodan|prijatan|xoş|həftəsonu",
    "hy_ka_bn_ta_ur": r"շնորհակալ\w*|հաճելի|მადლობ\w*|გისურვებთ|კარგ|ধন্যবাদ|শুভ|நன்றி|இனிய|شکریہ|نیک تمناؤں|"
                      # (set X: Khmer and Sinhala greetings, thanks and wishes)
                      r"ជំរាបសួរ|សួស្តី|អរគុណ|សូមជូនពរ|ស្វាគមន៍|හිතවත්|ස්තූතියි|ස්තුතියි|ආයුබෝවන්|සුභ|"
                      r"خوشی ہوئی|خوشی",
    "ja_zh_ko": r"ありがとう|感謝|お礼|申し訳|すみません|失礼|お祈り|幸い|よろしく|宜しく|お世話|ご発展|ご多幸|"
                r"谢谢|感谢|抱歉|祝|顺利|高兴|合作|愉快|周末|辛苦|감사|죄송|행운|바랍니다|주말|발전|좋은|수고|今後|引き続き|"
                r"お知らせください|教えてください|告诉我|기쁩니다|기뻤습니다|光栄|嬉しく思|うれしく思|기쁘게|반갑습니다|환영|お手数|ご確認ください|ご確認をお願い|"
                # (a Japanese letter's seasonal care, "寒さ厳しき折、どうぞご自愛ください"; Korean wishes of health)
                r"ご自愛|お体を大切に|お身体を大切に|ご健勝|ご清栄|건강하세요|건강 유의|感謝申し上げ|深謝",
    "th_hi": r"ขอบคุณ|ขออภัย|ขอให้|ราบรื่น|สวัสดี|เรียน|धन्यवाद|क्षमा|शुभकामना|नमस्ते|नमस्कार|आदरणीय|प्रिय|"
             r"सादर|शुभ|माफ़ी|माफी|مرسی|ممنون|سپاس|ببخشید|موفق|روز خوب",
    # (set Z's languages: Luxembourgish, Basque wishes, Mongolian, Yoruba, Hausa, Igbo, Zulu, Xhosa,
    # Sotho, Afrikaans, Kyrgyz, Uzbek, Tajik, Kurdish, Belarusian, Malagasy, Somali, Kinyarwanda,
    # Galician, Maltese)
    "lb_eu_mn_africa_asia": r"merci|villmools|schéin\w*|schéi|feierdeeg|wochenenn|moien|gudde|gréiss|äddi|"
                            r"zoriontsu\w*|eguberri|urte berri|сайхан|өнгөрүүлээрэй|амжилт\w*|баярлалаа|"
                            r"ẹ ṣé|ẹ ṣeun|o ṣeun|ẹ kú|ọjọ́ rere|na gode|mun gode|nagode|sannu|barka|daalụ|ndewo|ekele|"
                            r"ngiyabonga|siyabonga|enkosi|ke a leboha|re a leboha|dumela|molweni|sawubona|hamba kahle|"
                            r"sala kahle|baie dankie|groete|mooi dag|рахмат|саламатсызбы|ийгилик|rahmat|omad|ташаккур|"
                            r"салом|spas|sipas|silav|rojbaş|дзякуй|выбачайце|прабачце|misaotra|mahadsanid|murakoze|"
                            r"muraho|grazas|saúdos|bo día|bos días|boas tardes|saħħa|voorspoedig\w*|baie dankie|"
                            r"dankie vir|goeiemôre|"
                            # (set AB: Fijian, Samoan, Tongan, Somali, Kikuyu, Oromo, Luganda, Esperanto,
                            # Cebuano, Romansh, Māori, Nynorsk)
                            r"vinaka\w*|moce mada|bula|fa'afetai\w*|faafetai|manuia|mālō|malo|mahadsan\w*|"
                            r"ngatho|galatoom\w*|webale|dankon|koran dankon|salamat|grazia fitg|grazia|"
                            r"ngā mihi|nga mihi|kia ora|takk for hjelpa|hjelpa|god jul|gode jul",
    # (scripts whose words end in a mark, no word character: matched anywhere)
    "indic_se_asia": r"ధన్యవాదాలు|ధన్యవాదములు|ధన్యవాదాలతో|నమస్కారం|శుభాకాంక్షలు|ಧನ್ಯವಾದ|ನಮಸ್ಕಾರ|આભાર|નમસ્તે|"
                     r"શુભેચ્છા|ਧੰਨਵਾਦ|ਸਤ ਸ੍ਰੀ ਅਕਾਲ|आभार|शुभेच्छा|ຂອບໃຈ|ສະບາຍດີ|ໂຊກດີ|ကျေးဇူးတင်|ကျေးဇူးပါ|"
                     r"မင်္ဂလာပါ|አመሰግናለሁ|እናመሰግናለን|መልካም|ሰላም|നന്ദി|ধন্যবাদ|مننه|જય શ્રી કૃષ્ણ|ជម្រាបសួរ|"
                     r"ಶುಭ ದಿನ|ಧನ್ಯವಾದಗಳು|നമസ്കാരം|വേഗത്തിലുള്ള|ጤና ይስጥልኝ",
    "ar_he": r"شكرا|شكراً|نشكركم|نشكرك|أشكركم|عذرا|بالتوفيق|التوفيق|سرور|نتمنى|تحية|تحيات|يسعدنا|תודה|סליחה|בהצלחה|הצלחה|"
             r"תענוג|מאחל|נעים|שבת שלום|סוף שבוע|בברכה",
}
_UNSPACED_COURTESY = ("ja_zh_ko", "ar_he", "th_hi", "hy_ka_bn_ta_ur", "indic_se_asia")
COURTESY_WORDS = re.compile(r"\b(?:" + "|".join(v for k, v in COURTESY.items() if k not in _UNSPACED_COURTESY)
                            + r")\b|" + "|".join(COURTESY[k] for k in _UNSPACED_COURTESY))

# Short condition words that are ordinary words in other languages (or in attributions:
# Swedish "om", Polish "po", Italian "se"): only inside the clause of a yes.
CONDITION_SHORT = (r"si|se|ma|als|om|po|przed|до|после|men|dopo|prima|as|till|"
                   # (set E's languages: "if", "after", "before", "until", "not" that are other words elsewhere)
                   r"kui|ja|tik|pre|pred|ako|če|tek|dok|ef|eftir|fyrir|fins|arte|sols|ne|ni|ei|ez|mai")

# Scripts without spaces between words: matched as substrings.
UNSPACED = {
    "condition": "只有|仅在|除非|条件|之后|前提|以后|ただし|但し|条件|場合|以降|のみ|除く|前提|조건|이후|까지|"
                 "除外|例外|除了|不包括|不含|제외|예외|"
                 "بشرط|فقط|إلا|בתנאי|רק|אלא"
                 "|เท่านั้น|หลังจาก|ก่อน|ถ้า|เว้นแต่|เงื่อนไข|केवल|सिर्फ|बाद|पहले|अगर|यदि|सिवाय|शर्त|जब तक"
                 "|(?<![\u0980-\u09ff])(?:শর্তে|শর্ত|শুধু|কেবল|পরে|আগে|যদি)(?![\u0980-\u09ff])"
                 # (Lao, Khmer and Burmese: only, after, if, condition, but)
                 "|ເທົ່ານັ້ນ|ພາຍຫຼັງ|ເງື່ອນໄຂ|ຖ້າ|ແຕ່|លុះត្រា|លក្ខខណ្ឌ|តែប៉ុណ្ណោះ|បន្ទាប់ពី|ប្រសិនបើ|ပြီးမှသာ|အခြေအနေ|လျှင်|သာလျှင်",
    "money": "付款|付清|发票|發票|欠款|支払|請求書|未払|청구서|결제|미납|退还|退還|退款|费用|費用|开通费"
                 "|ใบแจ้งหนี้|ชำระ|ชําระ|भुगतान|चालान|बिल|बकाया"
                 "|(?<![\u0980-\u09ff])(?:পেমেন্ট|বিল|বকেয়া|পরিশোধ)(?![\u0980-\u09ff])"
                 "|ໃບແຈ້ງຫນີ້|ຊໍາລະ|វិក្កយបត្រ|បង់ប្រាក់|ငွေတောင်းခံလွှာ|ပေးချေ",
    "negation": "不同意|できません|しません"
                 # (Hindi "न", "not", alone: not the last letter of "फ़ोन" or "मोबाइल")
                 "|ไม่|नहीं|(?<![\u0900-\u097f])न(?![\u0900-\u097f])",
    # Asking, in scripts without spaces and without a "?" ("ใครเป็นคนต่ออายุ SSL ครับ": who renews the
    # SSL?); not the characters that are also names ("何" is a surname)
    # (Hindi and Bengali have spaces, but their vowel signs are no word characters to the
    # pattern's "\\b": their words are fenced by their script instead)
    "question": "(?<![\u0900-\u097f])(?:क्या|कौन|कब|क्यों|कैसे|कहाँ)(?![\u0900-\u097f])|"
                "(?<![\u0980-\u09ff])(?:কি|কে|কখন|কেন|কিভাবে|কোথায়)(?![\u0980-\u09ff])|"
                "ใคร|อะไร|เมื่อไร|เมื่อไหร่|ที่ไหน|ทำไม|ทําไม|อย่างไร|ยังไง|หรือเปล่า|หรือไม่|ไหมครับ|ไหมคะ|มั้ย|ไหม|"
                "吗|嗎|谁来|誰來|为什么|為什麼|怎么办|怎麼辦|ですか|ますか|でしょうか|누가|언제|어디서|왜|어떻게|나요|까요|습니까",
    # ("CANCEL。算了，还是继续吧。": never mind, go on after all)
    "retraction": "算了|还是继续|還是繼續|不用了|やっぱり|なかったことに|없던 일로|취소하지|请忽略|請忽略|继续迁移|繼續遷移",
    # (the parts of the service: backups, servers, archives, data, patients' records)
    "service": "バックアップ|サーバー|サーバ|アーカイブ|カルテ|备份|服务器|伺服器|存档|歸檔|病历|病歷|백업|서버|아카이브|진료기록",
    # (a notice saying mail binds nobody: "不具有法律约束力", "法的拘束力を有しません")
    "validity": "约束力|約束力|拘束力|法律效力|法的効力|仅供参考|구속력|법적 효력|ملزم|للعلم فقط|מחייב|לידיעה בלבד",
}

# Every class that turns a yes into something else. ``service`` names what a yes may apply to
# ("the mailbox", "the domain"): a condition only in free words, never in a company name.
CLASSES = ("negation", "condition", "doubt", "retraction", "money", "validity", "scope", "legal", "reference",
           "question")
# In free words (what a thanks is for, what a yes applies to) also the parts of the service and
# times: "looking forward to working with Woodgrove from April".
FREE_WORD_CLASSES = CLASSES + ("service", "time")


@cache
def words_of(*classes: str) -> re.Pattern:
    """One pattern matching any word of ``classes``, in every language (whole words; the
    unspaced scripts anywhere)."""
    fragments = [TABLE[lang][cls] for lang in TABLE for cls in classes if cls in TABLE[lang]]
    if "condition_short" in classes:
        fragments.append(CONDITION_SHORT)
    unspaced = [UNSPACED[cls] for cls in classes if cls in UNSPACED]
    source = r"\b(?:" + "|".join(fragments) + r")\b"
    if unspaced:
        source += "|" + "|".join(unspaced)
    return re.compile(source)
