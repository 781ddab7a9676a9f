package dev.asyncinspect.suite

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.future.await
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** A coroutine that awaits posts from a future nobody completes. */
class ProfileTest {

    private val posts = CompletableFuture<List<String>>()

    @Test
    fun loadsProfile() = runBlocking {
        val profile = loadProfile(42)
        assertEquals(3, profile.size)
    }

    private suspend fun loadProfile(userId: Int): List<String> {
        val name = "user-$userId"
        val fetched = fetchPosts(userId)
        return listOf(name) + fetched
    }

    private suspend fun fetchPosts(userId: Int): List<String> {
        val page = 1
        val result = posts.await()
        return result.take(page * 10 + userId % 1)
    }
}
