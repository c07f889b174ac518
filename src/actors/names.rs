//! Given names with their usual gender, for pronoun resolution ("she" after "Maria
//! Lopez"). A name missing here only means the gender is unknown, never a wrong merge.

pub const MALE: &[&str] = &[
    "aaron", "abdul", "abdullah", "adam", "ahmed", "ahmad", "alan", "albert", "albin", "aleksandar",
    "alex", "alexander", "alexei", "alexis", "ali", "andrew", "andrei", "andrés", "andres", "angus",
    "anthony", "antonio", "antony", "aram", "arnold", "arthur", "ashraf", "barack", "ben", "benjamin",
    "bernard", "bill", "bob", "boris", "brian", "bruce", "carl", "carlos", "charles", "chris",
    "christopher", "chuck", "claus", "colin", "craig", "dan", "daniel", "david", "dennis", "dmitry",
    "donald", "doug", "douglas", "edward", "emmanuel", "enrique", "eric", "erik", "fergus", "francis",
    "frank", "friedrich", "gary", "george", "gerald", "gregor", "greg", "gregory", "gustavo", "hamid",
    "hans", "harold", "hassan", "henry", "hugo", "hussein", "ian", "igor", "ilham", "ivan", "jack",
    "jacob", "james", "jamie", "jan", "jason", "javier", "jean", "jeff", "jeffrey", "jens", "jeremy",
    "jim", "joaquim", "joe", "joel", "johan", "john", "jon", "jonathan", "jorge", "josé", "jose",
    "joseph", "josh", "juan", "justin", "karl", "keir", "kevin", "kieran", "klaus", "kurt", "kyriakos",
    "lars", "laurent", "lee", "leon", "luis", "luiz", "mahmoud", "manuel", "marco", "mark", "martin",
    "matthew", "max", "michael", "mike", "miguel", "mohammad", "mohammed", "muhammad", "nicolas",
    "nikol", "nikolai", "oleg", "olaf", "olusegun", "omar", "oscar", "pablo", "patrick", "paul",
    "pedro", "peter", "philip", "pieter", "pierre", "rafael", "ramon", "raymond", "recep", "redwan",
    "richard", "rishi", "rob", "robert", "roger", "ronald", "rupert", "ryan", "salman", "sam",
    "samuel", "scott", "sean", "sebastian", "sergei", "sergey", "simon", "stefan", "stephen",
    "steve", "steven", "sunil", "thomas", "tim", "timothy", "tom", "tomas", "tony", "victor",
    "vladimir", "volodymyr", "walter", "wang", "william", "xi", "yaroslav", "yusuf", "faisal",
    "getachew", "jorge", "kevin", "nathan", "oliver", "owen", "ralph", "rodrigo", "ricardo",
    "alberto", "diego", "fernando", "felipe", "gabriel", "mateo", "nikos", "giorgos", "emre",
];

pub const FEMALE: &[&str] = &[
    "alice", "alison", "amanda", "amy", "ana", "angela", "anna", "anne", "annette", "annalena",
    "barbara", "beatriz", "carmen", "caroline", "catherine", "charlotte", "chloe", "christine",
    "claire", "claudia", "denise", "diana", "elena", "elisabeth", "elizabeth", "ella", "emily",
    "emma", "eva", "fatima", "giorgia", "grace", "hannah", "helen", "helene", "hillary", "ingrid",
    "irene", "isabel", "jacinda", "jane", "janet", "jennifer", "jessica", "joan", "julia", "julie",
    "karen", "kamala", "kate", "katherine", "kathy", "kristalina", "laura", "leila", "linda",
    "lisa", "liz", "lucy", "maria", "marie", "marine", "mary", "maya", "megan", "melissa",
    "michelle", "mona", "nadia", "nancy", "natalia", "nicola", "nina", "olga", "patricia",
    "priya", "rachel", "rebecca", "rosa", "ruth", "sandra", "sara", "sarah", "sofia", "sophie",
    "susan", "tanya", "theresa", "ursula", "valerie", "victoria", "wendy", "yulia", "zainab",
    "catalina", "mette", "sanna", "kaja", "roberta", "ngozi", "hanna", "ruth", "lina", "marta",
    "agnieszka", "magdalena", "sylvie", "nathalie", "isabelle", "camille", "margaret", "teresa",
    "louise", "samantha", "stephanie", "heather", "pamela", "deborah", "donna", "sharon", "cynthia",
];
